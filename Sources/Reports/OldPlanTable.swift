// The pre-2019 statistics table (政府信息公开情况统计表): one row per indicator, `label unit
// this-year cumulative` (指标名称 计量单位 2014年度 历年累计). Only the rows that mean the same as a
// 2019-plan figure are mapped; the year's figure is the first of the two.

enum OldPlanTable {
    /// Row label → figure path. 同意部分公开答复数 does not contain 同意公开答复数, so the two never collide.
    static let rows: [(label: [U], figure: String)] = [
        ("受理依申请公开信息总数", "requests.new_applications.total"),
        ("对申请的答复总数", "requests.handled_total.total"),
        ("同意公开答复数", "requests.granted.total"),
        ("同意部分公开答复数", "requests.partially_granted.total"),
        ("不予公开答复数", "requests.withheld.total"),
        ("否决公开答复数", "requests.withheld.total"),
        ("行政复议数", "appeals.reconsideration.total"),
    ].map { (u($0.0), $0.1) }
    static let header = u("历年累计")
    static let units: Set<U> = Set(u("条件"))
    static let itemMarks: Set<U> = Set(u("、.．"))

    /// True when the text holds the old table's header with the year's column before the cumulative one.
    static func present(_ s: [U]) -> Bool {
        guard let h = s.find(header) else { return false }
        return s.contains(u("年度"), from: max(0, h - 12), to: h) && s.contains(rows[0].label, from: h)
    }

    /// The year's figure of every mapped row, with where it stands, or a reason it is null.
    static func read(_ s: [U], _ lines: Lines) -> [String: (value: Int?, line: Int, how: String, reason: String?)] {
        guard let h = s.find(header) else { return [:] }
        var out: [String: (Int?, Int, String, String?)] = [:]
        for (label, figure) in rows {
            guard let at = s.find(label, from: h) else { continue }
            var i = at + label.count
            while i < s.count && (s[i] == 0x20 || s[i] == 0x3000) { i += 1 }
            guard i < s.count, units.contains(s[i]) else { continue }
            i += 1
            // The figures: digit runs separated by spaces, up to the next label.
            var runs: [[Int]] = []
            while i < s.count {
                if s[i] == 0x20 || s[i] == 0x3000 || s[i] == 0x09 { i += 1; continue }
                guard digitValue(s[i]) != nil else { break }
                var run: [Int] = []
                while i < s.count, let d = digitValue(s[i]) { run.append(d); i += 1 }
                runs.append(run)
            }
            // A digit right before 、 or . numbers the next row (0 0 2、同意部分…, 条002、同意部分…).
            if i < s.count, itemMarks.contains(s[i]), var last = runs.popLast() {
                last.removeLast()
                if !last.isEmpty { runs.append(last) }
            }
            let line = lines.printedLine(of: at)
            let text = runs.map { $0.map(String.init).joined() }.joined(separator: " ")
            if runs.count == 2, let a = number(runs[0]), number(runs[1]) != nil {
                out[figure] = (a, line, "cell", nil)
            } else if runs.count == 1 {
                // 本年 and 累计 run together (条346085376): split where the cumulative figure is at least the year's.
                let d = runs[0]
                var years = Set<Int>()
                for cut in 1..<max(1, d.count) {
                    guard let a = number(Array(d[..<cut])), let b = number(Array(d[cut...])), b >= a else { continue }
                    years.insert(a)
                }
                if years.count == 1 { out[figure] = (years.first!, line, "split by rule", nil) }
                else { out[figure] = (nil, line, "cell", "run-together digits \(text): this year's and the cumulative figure split \(years.count) ways") }
            } else if !runs.isEmpty {
                out[figure] = (nil, line, "cell", "\(runs.count) figures \(text) where the table has two columns")
            }
        }
        return out
    }

    /// A figure without leading zeros (a lone 0 is a figure).
    static func number(_ d: [Int]) -> Int? {
        guard !d.isEmpty, d.count <= 9, d.count == 1 || d[0] != 0 else { return nil }
        return d.reduce(0) { $0 * 10 + $1 }
    }

    /// Reads the table's figures into `stats`; where the prose also states a request row's figure (the
    /// year's applications, 予以公开, 部分公开, 不予公开: `prose`, by row) and disagrees with the table,
    /// the figure is null: two printed sources that differ settle nothing.
    static func read(_ text: [U], _ lines: Lines, prose: [String: ProseStatement], into stats: inout Statistics) {
        var requests = RequestStatistics()
        var appeals = AppealStatistics()
        for (figure, cell) in read(text, lines) {
            var value = cell.value
            let parts = figure.split(separator: ".").map(String.init)
            if parts[0] == "requests", let prose = prose[parts[1]], let v = value, v != prose.value {
                value = nil
                stats.nulls[figure] = "the table gives \(v) (line \(cell.line)), the prose \(prose.value) (line \(lines.printedLine(of: prose.at)))"
            } else if let why = cell.reason {
                stats.nulls[figure] = why
            }
            if value != nil { stats.sources[figure] = FigureSource(line: cell.line, how: cell.how) }
            if parts[0] == "requests" {
                var row = requests[parts[1]] ?? ApplicantRow([])
                row.total = value
                requests[parts[1]] = row
            } else if parts[1] == "reconsideration" {
                var row = appeals.reconsideration ?? AppealRow([])
                row.total = value
                appeals.reconsideration = row
            }
        }
        if !requests.isEmpty { stats.requests = requests }
        if appeals.reconsideration != nil { stats.appeals = appeals }
        stats.requestsAndAppealsInOneTable = stats.requests != nil && stats.appeals != nil
    }
}
