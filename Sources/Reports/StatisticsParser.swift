import Segmentation
// Reads the standard statistics tables in any of the layouts seen in practice: one row
// per line (tabs/spaces), one cell per line, pipes, markdown pipes, and flattened text
// with figures run together (数量170000017).

enum StatToken {
    case label(Range<Int>)
    case number(Double, digits: Range<Int>?, at: Int)  // digits: the raw digit run for integers
    case blank(at: Int)

    /// Scalar offset of a figure or empty cell (for its line).
    var offset: Int? {
        switch self {
        case .number(_, _, let at), .blank(let at): return at
        case .label: return nil
        }
    }
}

enum StatisticsParser {
    // MARK: tokenizer

    static let labelUnits: Set<U> = Set(u("年月日件条个项次人%％号份期届名家位〕]）)>》类"))
    static let openers: Set<U> = Set(u("〔[（(第<《"))
    static let signs: Set<U> = Set(u("+-＋－"))

    static func tokenize(_ s: [U], _ r: Range<Int>) -> [StatToken] {
        var out: [StatToken] = []
        var segStart = r.lowerBound
        var i = r.lowerBound
        let end = r.upperBound
        func isHard(_ c: U) -> Bool { c == 0x09 || c == 0x0A || c == 0x0D || c == 0x7C || c == 0x0C }
        var lineStart = r.lowerBound
        while i <= end {
            if i == end || isHard(s[i]) {
                let nl = i == end || s[i] == 0x0A || s[i] == 0x0D
                if nl && i > lineStart && (lineStart..<i).allSatisfy({ isHSpace(s[$0]) }) {
                    out.append(.blank(at: lineStart))   // a line holding only white space: an empty cell (one cell per line)
                } else if i > segStart {
                    segment(s, segStart..<i, &out)
                }
                segStart = i + 1
                if nl { lineStart = i + 1 }
            }
            i += 1
        }
        return out
    }

    static func segment(_ s: [U], _ r: Range<Int>, _ out: inout [StatToken]) {
        var allSpace = true
        for k in r where !isHSpace(s[k]) { allSpace = false; break }
        if allSpace { out.append(.blank(at: r.lowerBound)); return }
        // split at white space runs
        var a = r.lowerBound
        var k = r.lowerBound
        while k <= r.upperBound {
            if k == r.upperBound || isHSpace(s[k]) {
                if k > a { piece(s, a..<k, &out) }
                a = k + 1
            }
            k += 1
        }
    }

    static func piece(_ s: [U], _ r: Range<Int>, _ out: inout [StatToken]) {
        // markdown table rule
        if r.allSatisfy({ s[$0] == 0x2D || s[$0] == 0x3A }) { return }
        var labelStart = -1
        var i = r.lowerBound
        let end = r.upperBound
        func flushLabel(_ upTo: Int) {
            if labelStart >= 0 && upTo > labelStart { out.append(.label(labelStart..<upTo)) }
            labelStart = -1
        }
        while i < end {
            let c = s[i]
            if digitValue(c) != nil {
                var k = i
                while k < end && digitValue(s[k]) != nil { k += 1 }
                let intEnd = k
                var isDecimal = false
                if k + 1 < end && (s[k] == 0x2E || s[k] == 0xFF0E) && digitValue(s[k + 1]) != nil {
                    isDecimal = true
                    k += 1
                    while k < end && digitValue(s[k]) != nil { k += 1 }
                }
                let prev: U? = i > r.lowerBound ? s[i - 1] : nil
                let next: U? = k < end ? s[k] : nil
                if let p = prev, openers.contains(p) { if labelStart < 0 { labelStart = i }; i = k; continue }
                if let nx = next {
                    if nx == 0x4E07 && k + 1 < end && s[k + 1] == 0x5143 {  // 万元
                        flushLabel(i); out.append(.number(value(s, i..<k), digits: nil, at: i)); i = k + 2; continue
                    }
                    if nx == 0x5143 { flushLabel(i); out.append(.number(value(s, i..<k), digits: nil, at: i)); i = k + 1; continue }
                    if labelUnits.contains(nx) || (nx == 0x2F) { if labelStart < 0 { labelStart = i }; i = k; continue }
                    if !isDecimal && (nx == 0x2E || nx == 0x3001 || nx == 0xFF0E) {
                        // numbering of the next label (1.属于国家秘密), possibly glued to figures
                        if intEnd - i > 1 {
                            flushLabel(i)
                            out.append(.number(value(s, i..<(intEnd - 1)), digits: i..<(intEnd - 1), at: i))
                        } else if labelStart >= 0 && !isHSpace(s[labelStart]) && labelStart < i {
                            flushLabel(i)
                        }
                        if labelStart < 0 { labelStart = intEnd - 1 }
                        i = k; continue
                    }
                }
                if labelStart == i - 1, let p = prev, signs.contains(p), next.map({ !signs.contains($0) }) ?? true {
                    // a sign opening a cell (本年增/减 +8): the sign stays a label of its own, the digits a figure
                    flushLabel(i)
                    out.append(.number(value(s, i..<k), digits: isDecimal ? nil : i..<k, at: i))
                    i = k
                    continue
                }
                if labelStart >= 0, let p = prev, !CJK.isIdeograph(p) && p != 0xFF09 && p != 0x29 && p != 0x201D && p != 0x300D {
                    // digits inside a Latin/ASCII word: keep in the label
                    i = k; continue
                }
                flushLabel(i)
                out.append(.number(value(s, i..<k), digits: isDecimal ? nil : i..<k, at: i))
                i = k
                continue
            }
            if labelStart < 0 { labelStart = i }
            i += 1
        }
        flushLabel(end)
    }

    static func value(_ s: [U], _ r: Range<Int>) -> Double {
        var intPart: Double = 0, frac: Double = 0, scale: Double = 1, inFrac = false
        for k in r {
            if let d = digitValue(s[k]) {
                if inFrac { scale /= 10; frac += Double(d) * scale } else { intPart = intPart * 10 + Double(d) }
            } else { inFrac = true }
        }
        return intPart + frac
    }

    // MARK: cells

    static func digits(_ s: [U], _ r: Range<Int>) -> [Int] { r.map { digitValue(s[$0]) ?? 0 } }

    /// The row's split of a run of digits when the group rule (each group of `per` ends in its sum)
    /// leaves exactly one; nil otherwise.
    static func splitGlued(_ d: [Int], groups: Int, per: Int) -> [Int]? {
        guard let all = TableReadings.splits(d, into: groups * per, per: per), all.count == 1 else { return nil }
        return all[0]
    }

    /// The figure and empty-cell tokens of a row when there are exactly `n` of them, once blanks at
    /// either end (merged label cells, a trailing pipe) are dropped.
    static func cells(_ toks: [StatToken], _ n: Int) -> [StatToken]? {
        var v = toks.filter { if case .label = $0 { return false }; return true }
        func isBlank(_ t: StatToken?) -> Bool { if case .blank = t { return true }; return false }
        while v.count > n, isBlank(v.first) { v.removeFirst() }
        while v.count > n, isBlank(v.last) { v.removeLast() }
        return v.count == n ? v : nil
    }

    /// Readings of one row of `groups` × `per` cells (7 for a request row, 15 for the appeals row).
    static func rowReadings(_ s: [U], _ lines: Lines, _ toks: [StatToken], groups: Int, per: Int, line: Int) -> RowReadings {
        let n = groups * per
        if let c = cells(toks, n) {
            var vals: [Int?] = []
            var ls: [Int] = []
            for t in c {
                if case .number(let v, _, _) = t { vals.append(v == v.rounded() ? Int(v) : nil) } else { vals.append(nil) }
                ls.append(t.offset.map { lines.line(of: $0) } ?? line)
            }
            return RowReadings(readings: [vals], how: "cell", lines: ls)
        }
        let nums = toks.compactMap { t -> (Range<Int>?, Int)? in if case .number(_, let d, let at) = t { return (d, at) }; return nil }
        if nums.isEmpty { return RowReadings(readings: [], how: "cell", lines: Array(repeating: line, count: n)) }
        if nums.count == 1, let r = nums[0].0 {
            let l = lines.line(of: nums[0].1)
            if groups == 1 { return TableReadings.run(digits(s, r), columns: n, line: l) }
            guard let all = TableReadings.splits(digits(s, r), into: n, per: per), !all.isEmpty else {
                return .none("run-together digits \(string(s, r)): no split satisfies the totals", line: l, columns: n)
            }
            return RowReadings(readings: all.map { $0.map(Optional.some) }, how: "split by rule", lines: Array(repeating: l, count: n),
                               reason: "run-together digits split \(all.count) ways by the totals")
        }
        let l = lines.line(of: nums[0].1)
        return .none("\(nums.count) figures for \(n) cells", line: l, columns: n)
    }

    // MARK: requests table

    enum RowRef: Equatable { case top(String), group(String), item(String, String) }

    static let topRows: [(String, [U])] = [
        ("new_applications", u("本年新收")), ("carried_over", u("上年结转")), ("partially_granted", u("部分公开")),
        ("granted", u("予以公开")), ("carried_forward", u("结转下年度")), ("handled_total", u("总计")),
    ]
    static let groupRows: [(String, [U])] = [
        ("withheld", u("不予公开")), ("unable_to_provide", u("无法提供")), ("not_processed", u("不予处理")), ("other_handling", u("其他处理")),
    ]
    static let itemRows: [(String, String, [U])] = [
        ("withheld", "state_secret", u("国家秘密")), ("withheld", "prohibited_by_law", u("法律行政")),
        ("withheld", "security_stability", u("三安全")), ("withheld", "third_party_rights", u("第三方")),
        ("withheld", "internal_affairs", u("内部事务")), ("withheld", "process_information", u("过程性")),
        ("withheld", "enforcement_files", u("执法案卷")), ("withheld", "administrative_query", u("行政查询")),
        ("unable_to_provide", "not_held", u("不掌握")), ("unable_to_provide", "would_need_creation", u("另行制作")),
        ("unable_to_provide", "unclear_after_correction", u("仍不明确")),
        ("not_processed", "petition_complaint", u("信访")), ("not_processed", "excessive_repeated", u("大量反复")),
        ("not_processed", "repeated", u("重复申请")), ("not_processed", "published_material", u("出版物")),
        ("not_processed", "confirmation_request", u("重新出具")),
        // the label wrapped inside 重新 (要求行政机关确认或重 / 新出具已获取信息)
        ("not_processed", "confirmation_request", u("行政机关确认")),
        ("other_handling", "no_correction", u("不补正")), ("other_handling", "fee_unpaid", u("缴纳费用")),
    ]

    /// The rows of the table in print order: the 2019 version (其他处理 one row) and the 2021 revision.
    static func template(otherItems: Bool) -> [RowRef] {
        var t: [RowRef] = [.top("new_applications"), .top("carried_over"), .top("granted"), .top("partially_granted")]
        for g in ["withheld", "unable_to_provide", "not_processed"] {
            t += standardItems[g]!.map { .item(g, $0) }
        }
        t += otherItems ? standardItems["other_handling"]!.map { .item("other_handling", $0) } : [.group("other_handling")]
        return t + [.top("handled_total"), .top("carried_forward")]
    }
    static let standardItems: [String: [String]] = [
        "withheld": ["state_secret", "prohibited_by_law", "security_stability", "third_party_rights", "internal_affairs",
                     "process_information", "enforcement_files", "administrative_query"],
        "unable_to_provide": ["not_held", "would_need_creation", "unclear_after_correction"],
        "not_processed": ["petition_complaint", "repeated", "published_material", "excessive_repeated", "confirmation_request"],
        "other_handling": ["no_correction", "fee_unpaid", "other"],
    ]
    static let kOther = u("其他")

    /// The row a label names. A label holding several row names (one-line text where empty rows
    /// left no cells: 二、上年结转…（二）部分公开…11) names the last one, which its figures follow;
    /// 总计 names the row only at the label's end (not inside the column headers).
    static func classifyRequestLabel(_ s: [U], _ r: Range<Int>, group: String?) -> RowRef? {
        let a = r.lowerBound, b = r.upperBound
        var best: (Int, RowRef)? = nil
        func consider(_ key: [U], _ ref: RowRef, atEnd: Bool = false) {
            var from = a, last: Int? = nil
            while let p = s.find(key, from: from, to: b) { last = p; from = p + 1 }
            guard let p = last, !atEnd || b - (p + key.count) <= 1 else { return }
            if best.map({ p > $0.0 }) ?? true { best = (p, ref) }
        }
        for (g, item, key) in itemRows { consider(key, .item(g, item)) }
        for (g, key) in groupRows { consider(key, .group(g)) }
        for (name, key) in topRows { consider(key, .top(name), atEnd: name == "handled_total") }
        if best == nil && group == "other_handling" && s.contains(kOther, from: a, to: b) && b - a <= 6 { return .item("other_handling", "other") }
        return best?.1
    }

    static func path(_ ref: RowRef) -> String {
        switch ref {
        case .top(let n), .group(let n): return n
        case .item(let g, let i): return "\(g).items.\(i)"
        }
    }

    /// Rows found by their labels: a label starts a row, its figures follow (any layout).
    static func labelledRows(_ s: [U], _ toks: [StatToken]) -> [(RowRef, [StatToken], Int)] {
        var out: [(RowRef, [StatToken], Int)] = []
        var group: String? = nil
        var current: (RowRef, Int)? = nil
        var buf: [StatToken] = []
        var started = false
        func finish() {
            if let c = current { out.append((c.0, buf, c.1)) }
            current = nil; buf = []
        }
        for t in toks {
            switch t {
            case .label(let r):
                if let ref = classifyRequestLabel(s, r, group: group) {
                    if case .top(let n) = ref, n == "new_applications" { started = true }
                    if !started { continue }
                    finish()
                    current = (ref, r.lowerBound)
                    switch ref {
                    case .top: group = nil
                    case .group(let g): group = g
                    case .item(let g, _): group = g
                    }
                } else if current != nil && buf.contains(where: { if case .number = $0 { return true }; return false }) {
                    finish()
                }
            default:
                if current != nil { buf.append(t) }
            }
        }
        finish()
        return out
    }

    /// Rows one per line (pipes, tabs, pdftotext columns), assigned by print order when the lines
    /// holding seven cells are exactly the rows of a table version and every label printed on such a
    /// line names its row: broken markdown loses labels but keeps the order.
    static func rowsByOrder(_ s: [U], _ r: Range<Int>, _ lines: Lines) -> [(RowRef, [StatToken], Int)]? {
        var rows: [(RowRef?, [StatToken], Int)] = []
        var started = false
        var ln = lines.line(of: r.lowerBound) - 1
        while ln < lines.count && lines.starts[ln] < r.upperBound {
            let a = max(lines.starts[ln], r.lowerBound), b = min(lines.ends[ln], r.upperBound)
            ln += 1
            if a >= b { continue }
            let toks = tokenize(s, a..<b)
            var ref: RowRef? = nil
            for t in toks { if case .label(let lr) = t, let x = classifyRequestLabel(s, lr, group: nil) { ref = x; break } }
            if case .top("new_applications") = ref { started = true }
            guard started, let c = cells(toks, 7) else { continue }
            rows.append((ref, c, a))
        }
        for otherItems in [true, false] {
            let t = template(otherItems: otherItems)
            guard rows.count == t.count else { continue }
            let labelled = rows.enumerated().filter { $0.element.0 != nil }
            guard labelled.count >= 3, labelled.allSatisfy({ $0.element.0 == t[$0.offset] }) else { return nil }
            return rows.enumerated().map { (t[$0.offset], $0.element.1, $0.element.2) }
        }
        return nil
    }

    static let handledParts = ["granted", "partially_granted", "withheld", "unable_to_provide", "not_processed", "other_handling"]

    /// Rules broken by one reading of the table, per column: 一+二 = (七)+四, (七) = (一)+…+(六), and a
    /// group row that prints its own figures = the sum of its printed items.
    static func brokenRules(_ v: [String: [Int?]], unknown: [String: Set<Int>]) -> Int {
        var broken = 0
        for c in 0..<7 {
            func val(_ name: String) -> Int?? {
                if unknown[name]?.contains(c) == true { return .none }
                return .some(v[name]?[c] ?? 0)
            }
            func group(_ g: String) -> Int?? {
                if v[g] != nil { return val(g) }
                var sum = 0
                for i in standardItems[g]! { guard let x = val("\(g).items.\(i)") else { return .none }; sum += x ?? 0 }
                return .some(sum)
            }
            if ["new_applications", "carried_over", "handled_total", "carried_forward"].allSatisfy({ v[$0] != nil }),
               let a = val("new_applications"), let b = val("carried_over"), let h = val("handled_total"), let f = val("carried_forward"),
               (a ?? 0) + (b ?? 0) != (h ?? 0) + (f ?? 0) { broken += 1 }
            if v["handled_total"] != nil, let h = val("handled_total") {
                var sum: Int? = 0
                for p in handledParts {
                    let x = standardItems[p] != nil ? group(p) : val(p)
                    if let x { sum = sum.map { $0 + (x ?? 0) } } else { sum = nil }
                }
                if let sum, sum != (h ?? 0) { broken += 1 }
            }
            for (g, its) in standardItems where v[g] != nil && its.contains(where: { v["\(g).items.\($0)"] != nil }) {
                var sum: Int? = 0
                for i in its { if let x = val("\(g).items.\(i)") { sum = sum.map { $0 + (x ?? 0) } } else { sum = nil } }
                if let sum, let own = val(g), sum != (own ?? 0) { broken += 1 }
            }
        }
        return broken
    }

    static func parseRequests(_ s: [U], _ r: Range<Int>, _ lines: Lines, _ st: inout Statistics) {
        let rows = rowsByOrder(s, r, lines) ?? labelledRows(s, tokenize(s, r))
        var readings: [String: RowReadings] = [:]
        for (ref, toks, at) in rows {
            readings[path(ref)] = rowReadings(s, lines, toks, groups: 1, per: 7, line: lines.line(of: at))
        }
        let chosen = TableReadings.choose(readings.filter { !$0.value.readings.isEmpty }) { v in
            brokenRules(v, unknown: readings.mapValues(\.unknown))
        }
        var req = RequestStatistics()
        var items: [String: [String: ApplicantRow]] = [:]
        for (name, rr) in readings {
            let keys = ApplicantRow.columns.map { "requests.\(name).\($0)" }
            guard let (values, settled) = chosen[name] else {
                if let why = rr.reason { for k in keys { st.nulls[k] = why } }
                continue
            }
            for (k, key) in keys.enumerated() {
                if settled[k] {
                    if values[k] != nil { st.sources[key] = FigureSource(line: rr.lines[k], how: rr.how) }
                } else {
                    st.nulls[key] = rr.reason ?? "not settled"
                }
            }
            let row = ApplicantRow(values)
            let parts = name.components(separatedBy: ".items.")
            if parts.count == 2 { items[parts[0], default: [:]][parts[1]] = row } else { req[name] = row }
        }
        for (g, its) in items {
            var row: ApplicantRow
            if let own = req[g] { row = own } else {
                row = sumRows(Array(its.values))
                // the group's figure is the sum of its printed items; unsettled items leave it null
                var v = row.values
                for (k, col) in ApplicantRow.columns.enumerated() {
                    let itemKeys = its.keys.map { "requests.\(g).items.\($0).\(col)" }
                    if itemKeys.contains(where: { st.nulls[$0] != nil }) { v[k] = nil; st.nulls["requests.\(g).\(col)"] = "an item's figure is not settled" }
                    else if v[k] != nil, let line = itemKeys.compactMap({ st.sources[$0]?.line }).min() {
                        st.sources["requests.\(g).\(col)"] = FigureSource(line: line, how: "sum of items")
                    }
                }
                row = ApplicantRow(v)
            }
            row.items = its
            req[g] = row
        }
        fillBlankCarriedForward(s, 0..<s.count, lines, &req, &st)
        if !req.isEmpty { st.requests = req }
    }

    /// A 结转下年度 row whose total cell is printed blank (022) takes the total from the prose, but only
    /// when the prose states one figure and the row's printed cells add up to it: two printed sources agree.
    static func fillBlankCarriedForward(_ s: [U], _ r: Range<Int>, _ lines: Lines, _ req: inout RequestStatistics,
                                        _ st: inout Statistics) {
        let key = "requests.carried_forward.total"
        guard var row = req.carried_forward, row.total == nil, st.nulls[key] == nil else { return }
        let cells = row.values.prefix(6)
        guard cells.allSatisfy({ $0 != nil }), let (n, at) = ProseFigures.carriedForward(s, r),
              cells.reduce(0, { $0 + $1! }) == n else { return }
        row.total = n
        req.carried_forward = row
        st.sources[key] = FigureSource(line: lines.line(of: at), how: "prose")
    }

    static func sumRows(_ rows: [ApplicantRow]) -> ApplicantRow {
        var v: [Int?] = Array(repeating: nil, count: 7)
        for r in rows {
            for (k, x) in r.values.enumerated() { if let x { v[k] = (v[k] ?? 0) + x } }
        }
        return ApplicantRow(v)
    }

    // MARK: appeals

    static let appealStarts: [[U]] = ["维持", "审结", "复议后起诉"].map(u)
    /// Characters of the appeals table's header cells, however they are broken over lines and cells.
    static let appealHeaderUnits: Set<U> = Set(u("行政复议诉讼未经直接起后结果维持纠正其他尚未审结总计#（）()：:、表四"))
    static let appealRows = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    static let appealColumns = ["upheld", "corrected", "other", "pending", "total"]

    /// The 15 figures after the header cells: the first row of figures once the header starts.
    /// One cell per line with empty lines for blank cells (013): cells `period` lines apart, the next
    /// row's first cell `rowBreak` lines after a row's last, measured on a request row that prints
    /// its label and all seven figures.
    struct CellGrid: Equatable { var period: Int; var rowBreak: Int }

    static func cellGrid(_ rows: [(RowRef, [StatToken], Int)], _ lines: Lines) -> CellGrid? {
        for (row, next) in zip(rows, rows.dropFirst()) {
            let figureLines = row.1.compactMap { t -> Int? in if case .number(_, _, let at) = t { return lines.line(of: at) }; return nil }
            guard figureLines.count == 7, row.1.count == 7 else { continue }
            let period = figureLines[1] - figureLines[0]
            let labelLine = lines.line(of: row.2)
            guard period >= 2, figureLines[0] - labelLine == period,
                  zip(figureLines, figureLines.dropFirst()).allSatisfy({ $1 - $0 == period }) else { continue }
            return CellGrid(period: period, rowBreak: lines.line(of: next.2) - figureLines[6])
        }
        return nil
    }

    /// The appeals row on a cell grid: each printed figure's column from its line, the others blank.
    static func gridRow(_ buf: [StatToken], headerLine: Int, _ grid: CellGrid, _ lines: Lines) -> RowReadings? {
        let first = headerLine + grid.rowBreak
        var v: [Int?] = Array(repeating: nil, count: 15)
        var ls = Array(repeating: first, count: 15)
        for t in buf {
            guard case .number(let x, _, let at) = t, x == x.rounded() else { return nil }
            let off = lines.line(of: at) - first
            guard off >= 0, off % grid.period == 0, off / grid.period < 15, v[off / grid.period] == nil else { return nil }
            v[off / grid.period] = Int(x); ls[off / grid.period] = lines.line(of: at)
        }
        return RowReadings(readings: [v], how: "cell", lines: ls)
    }

    static func parseAppeals(_ s: [U], _ toks: [StatToken], _ lines: Lines, grid: () -> CellGrid?, _ st: inout Statistics) {
        guard let first = toks.firstIndex(where: { t in
            if case .label(let r) = t { return appealStarts.contains { s.contains($0, from: r.lowerBound, to: r.upperBound) } }
            return false
        }) else { return }
        var buf: [StatToken] = []
        var figures = 0
        var headerLine = 0
        scan: for t in toks[(first + 1)...] {
            if figures >= 15 { break }
            switch t {
            case .label(let r):
                // header cells broken anywhere are skipped; other text ends the row (or, long, the search)
                let header = r.allSatisfy { appealHeaderUnits.contains(s[$0]) || isHSpace(s[$0]) }
                if !header && (figures > 0 || r.count > 12) { break scan }
                if figures == 0 { headerLine = lines.line(of: r.lowerBound) }
            case .number(_, let d, _):
                buf.append(t); figures += (d?.count ?? 0) >= 15 ? 15 : 1
            case .blank:
                if figures > 0 { buf.append(t); figures += 1 }
            }
        }
        let line = buf.first?.offset.map { lines.line(of: $0) } ?? 1
        var rr = rowReadings(s, lines, buf, groups: 3, per: 5, line: line)
        if rr.readings.isEmpty, figures < 15, headerLine > 0, let g = grid(), let onGrid = gridRow(buf, headerLine: headerLine, g, lines) {
            rr = onGrid
        }
        let keys = appealRows.flatMap { row in appealColumns.map { "appeals.\(row).\($0)" } }
        guard !rr.readings.isEmpty else {
            if let why = rr.reason { for k in keys { st.nulls[k] = why } }
            return
        }
        let (v, settled) = TableReadings.agreed(rr.readings)
        for (k, key) in keys.enumerated() {
            if !settled[k] { st.nulls[key] = rr.reason ?? "not settled" } else if v[k] != nil { st.sources[key] = FigureSource(line: rr.lines[k], how: rr.how) }
        }
        var a = AppealStatistics()
        a.reconsideration = AppealRow(Array(v[0..<5]))
        a.litigation_direct = AppealRow(Array(v[5..<10]))
        a.litigation_after_reconsideration = AppealRow(Array(v[10..<15]))
        st.appeals = a
    }

    // MARK: proactive

    static let columnNames: [([U], String)] = [
        (u("本年度新制作数量"), "made"), (u("本年新制作数量"), "made"), (u("本年度新公开数量"), "published"),
        (u("本年新公开数量"), "published"), (u("本年度公开数量"), "published"), (u("对外公开总数量"), "total"),
        (u("本年制发件数"), "made"), (u("本年废止件数"), "repealed"), (u("现行有效件数"), "in_force"),
        (u("上一年项目数量"), "previous"), (u("本年增/减"), "change"), (u("本年处理决定数量"), "decisions"), (u("处理决定数量"), "decisions"),
        (u("本年收费金额"), "amount"), (u("采购项目数量"), "count"), (u("采购总金额"), "amount"),
    ]
    static let itemNames: [([U], String)] = [
        (u("规范性文件"), "normative_documents"), (u("规章"), "regulations"), (u("其他对外管理服务事项"), "other_services"),
        (u("行政许可"), "licensing"), (u("行政处罚"), "punishment"), (u("行政强制"), "enforcement"),
        (u("行政事业性收费"), "fees"), (u("政府集中采购"), "procurement"),
    ]
    /// One cell of a proactive row: a figure (`signed`: opened by +/-, the 本年增/减 column), a blank,
    /// or text such as 增加8/9.
    enum ProactiveCell { case figure(Double, digits: Range<Int>?, at: Int, signed: Bool), blank(Int), text(Int) }

    static func proactiveRow(_ s: [U], _ lines: Lines, item: String, columns: [String], _ cells: [ProactiveCell], _ st: inout Statistics) {
        var row: [String: Double] = [:]
        func set(_ k: Int, _ v: Double?, _ at: Int, _ how: String) {
            let key = "proactive.\(item).\(columns[k])"
            if let v { row[columns[k]] = v; st.sources[key] = FigureSource(line: lines.line(of: at), how: how) }
        }
        func unsettled(_ ks: Range<Int>, _ why: String) { for k in ks { st.nulls["proactive.\(item).\(columns[k])"] = why } }
        defer { if !row.isEmpty { st.proactive[item] = row } }
        if cells.count == columns.count {
            for (k, c) in cells.enumerated() {
                switch c {
                case .figure(let v, _, let at, _): set(k, v, at, "cell")
                case .blank, .text: break
                }
            }
            return
        }
        if cells.count > columns.count {
            if case .figure(_, _, let at, _) = cells.first { unsettled(0..<columns.count, "\(cells.count) cells for \(columns.count) columns at line \(lines.line(of: at))") }
            return
        }
        // Fewer cells than columns: figures ran together. A signed figure opens the 本年增/减 column.
        var spans: [(ProactiveCell, Range<Int>)] = []
        var col = 0
        for (n, c) in cells.enumerated() {
            guard case .figure(_, _, _, let signed) = c else {
                if case .text(let at) = c { unsettled(0..<columns.count, "text among run-together figures at line \(lines.line(of: at))") }
                return
            }
            let start = signed ? (columns.firstIndex(of: "change") ?? col) : col
            let nextSigned = cells[(n + 1)...].firstIndex { if case .figure(_, _, _, true) = $0 { return true }; return false }
            let end = nextSigned.map { _ in columns.firstIndex(of: "change") ?? columns.count } ?? (n == cells.count - 1 ? columns.count : start + 1)
            guard start >= col, end > start else { return }
            spans.append((c, start..<end)); col = end
        }
        for (c, span) in spans {
            guard case .figure(let v, let dr, let at, _) = c else { continue }
            if span.count == 1 { set(span.lowerBound, v, at, "cell"); continue }
            guard let dr else { unsettled(span, "figures run together with an amount at line \(lines.line(of: at))"); continue }
            let d = digits(s, dr)
            let text = d.map(String.init).joined()
            if d.count == span.count {
                for (k, x) in d.enumerated() { set(span.lowerBound + k, Double(x), at, "split by rule") }
                continue
            }
            guard d.count > span.count, let all = TableReadings.splits(d, into: span.count, per: 0) else {
                unsettled(span, "run-together digits \(text) for \(span.count) cells (some blank): not settled"); continue
            }
            // The prose may name some of the columns' figures.
            var keep = all
            var used = false
            for (k, column) in columns[span].enumerated() {
                let said = ProseFigures.proactive(s, item: item, column: column)
                if said.count == 1, let x = said.first { keep = keep.filter { $0[k] == x }; used = true }
            }
            if used && keep.count == 1 {
                for (k, x) in keep[0].enumerated() { set(span.lowerBound + k, Double(x), at, "split by prose") }
            } else {
                unsettled(span, "run-together digits \(text) split \(all.count) ways into \(span.count) cells; no rule or prose settles it")
            }
        }
    }

    static func parseProactive(_ s: [U], _ toks: [StatToken], _ lines: Lines, _ st: inout Statistics) {
        var columns: [String] = []
        var lastWasHeader = false
        var item: String? = nil
        var cells: [ProactiveCell] = []
        var signNext = false
        func finish() {
            if let it = item, !columns.isEmpty, !cells.isEmpty { proactiveRow(s, lines, item: it, columns: columns, cells, &st) }
            item = nil; cells = []; signNext = false
        }
        for t in toks {
            switch t {
            case .label(let r):
                if item != nil && r.count == 1 && signs.contains(s[r.lowerBound]) { signNext = true; continue }
                // events inside the label, in text order
                var events: [(Int, Int, String, Bool)] = []  // pos, len, name, isColumn
                var k = r.lowerBound
                while k < r.upperBound {
                    var matched = false
                    for (p, name) in columnNames where s.has(p, at: k) && k + p.count <= r.upperBound {
                        events.append((k, p.count, name, true)); k += p.count; matched = true; break
                    }
                    if matched { continue }
                    for (p, name) in itemNames where s.has(p, at: k) && k + p.count <= r.upperBound {
                        events.append((k, p.count, name, false)); k += p.count; matched = true; break
                    }
                    if !matched { k += 1 }
                }
                if events.isEmpty {
                    if item != nil { cells.append(.text(r.lowerBound)) }  // a non-numeric cell such as 增加8/9
                    lastWasHeader = false
                    continue
                }
                for e in events {
                    finish()
                    if e.3 {
                        if !lastWasHeader { columns = [] }
                        columns.append(e.2)
                        lastWasHeader = true
                    } else {
                        item = e.2
                        lastWasHeader = false
                    }
                }
            case .number(let v, let d, let at):
                lastWasHeader = false
                if item != nil {
                    cells.append(.figure(v, digits: d, at: at, signed: signNext)); signNext = false
                    if cells.count >= columns.count { finish() }
                }
            case .blank(let at):
                if item != nil && !cells.isEmpty { cells.append(.blank(at)) }
            }
        }
        finish()
    }

    // MARK: checks

    static func checks(_ st: Statistics) -> [CheckFailure] {
        var out: [CheckFailure] = []
        // A rule over a figure left null with a reason cannot be checked: the table does not say it.
        func open(_ keys: [String]) -> Bool { keys.contains { st.nulls[$0] != nil } }
        if let r = st.requests {
            let new = r.new_applications?.total, old = r.carried_over?.total
            let handled = r.handled_total?.total, fwd = r.carried_forward?.total
            let totals4 = ["new_applications", "carried_over", "handled_total", "carried_forward"].map { "requests.\($0).total" }
            if let new, let old, let handled, let fwd, new + old != handled + fwd, !open(totals4) {
                out.append(CheckFailure(rule: "requests_balance", expected: new + old, found: handled + fwd,
                    message: "新收 \(new) + 上年结转 \(old) = \(new + old), but 总计 \(handled) + 结转下年度 \(fwd) = \(handled + fwd)"))
            }
            let parts = ["granted", "partially_granted", "withheld", "unable_to_provide", "not_processed", "other_handling"]
            let totals = parts.map { r[$0]?.total }
            if let handled, totals.contains(where: { $0 != nil }), !open((parts + ["handled_total"]).map { "requests.\($0).total" }) {
                let sum = totals.compactMap { $0 }.reduce(0, +)
                if sum != handled {
                    out.append(CheckFailure(rule: "handled_total", expected: sum, found: handled,
                        message: "总计 is \(handled), but (一)–(六) sum to \(sum)"))
                }
            }
            for name in RequestStatistics.rowNames {
                guard let row = r[name] else { continue }
                var rows: [(String, String, ApplicantRow)] = [(name, name, row)]
                if let its = row.items { rows += its.sorted { $0.key < $1.key }.map { ("\(name).\($0.key)", "\(name).items.\($0.key)", $0.value) } }
                for (label, p, x) in rows {
                    guard let total = x.total, !open(ApplicantRow.columns.map { "requests.\(p).\($0)" }) else { continue }
                    let cols = x.values.prefix(6)
                    if cols.allSatisfy({ $0 == nil }) { continue }
                    let sum = cols.compactMap { $0 }.reduce(0, +)
                    if sum != total {
                        out.append(CheckFailure(rule: "row_total", expected: sum, found: total,
                            message: "\(label): total is \(total), but the applicant columns sum to \(sum)", row: label))
                    }
                }
            }
        }
        if let a = st.appeals {
            for (name, row) in [("reconsideration", a.reconsideration), ("litigation_direct", a.litigation_direct), ("litigation_after_reconsideration", a.litigation_after_reconsideration)] {
                guard let row, let total = row.total, !open(appealColumns.map { "appeals.\(name).\($0)" }) else { continue }
                let sum = row.values.prefix(4).compactMap { $0 }.reduce(0, +)
                if sum != total {
                    out.append(CheckFailure(rule: "appeals_total", expected: sum, found: total,
                        message: "\(name): total is \(total), but 维持/纠正/其他/尚未审结 sum to \(sum)", row: name))
                }
            }
        }
        return out
    }

    // MARK: entry

    /// The pre-2019 table's figures (OldPlanTable); where the prose also states the year's applications
    /// and disagrees with the table, the figure is null: two printed sources that differ settle nothing.
    static func parseOldTable(_ s: [U], _ lines: Lines, prose: (Int, Int)?, _ st: inout Statistics) {
        var req = RequestStatistics()
        var appeals = AppealStatistics()
        for (figure, r) in OldPlanTable.read(s, lines) {
            var value = r.value
            if figure == "requests.new_applications.total", let (n, at) = prose, let v = value, v != n {
                value = nil
                st.nulls[figure] = "the table gives \(v) (line \(r.line)), the prose \(n) (line \(lines.line(of: at)))"
            } else if let why = r.reason {
                st.nulls[figure] = why
            }
            if value != nil { st.sources[figure] = FigureSource(line: r.line, how: r.how) }
            let parts = figure.split(separator: ".").map(String.init)
            if parts[0] == "requests" {
                var row = req[parts[1]] ?? ApplicantRow([])
                row.total = value
                req[parts[1]] = row
            } else if parts[1] == "reconsideration" {
                var row = appeals.reconsideration ?? AppealRow([])
                row.total = value
                appeals.reconsideration = row
            }
        }
        if !req.isEmpty { st.requests = req }
        if appeals.reconsideration != nil { st.appeals = appeals }
        st.requestsAndAppealsInOneTable = st.requests != nil && st.appeals != nil
    }

    static func range(_ key: SectionKey, _ sections: [Section], _ n: Int) -> Range<Int> {
        if let s = sections.first(where: { $0.key == key }) { return s.start..<s.end }
        return 0..<n
    }

    /// The section's range when it holds `marker`, else the whole text (misnumbered or missing headings).
    static func tableRange(_ key: SectionKey, _ markers: [[U]], _ s: [U], _ sections: [Section]) -> Range<Int> {
        let r = range(key, sections, s.count)
        return markers.contains { s.contains($0, from: r.lowerBound, to: r.upperBound) } ? r : 0..<s.count
    }

    static func parse(_ s: [U], sections: [Section]) -> (Statistics?, [CheckFailure]) {
        // Cheap gate: no table markers, no statistics.
        let hasRequests = s.contains(u("本年新收"))
        let hasAppeals = appealStarts.contains { s.contains($0) } && s.contains(u("行政复议"))
        let hasProactive = s.contains(u("第二十条"))
        // Prose counts stand in for the table only in pre-2019 reports: a 2019-plan report without its
        // table (an image on the page) has lost the table, and its prose is no table reading.
        let hasProse = !hasRequests && !s.contains(u("收到和处理政府信息公开申请")) && s.contains(u("申请"))
        let hasOldTable = !hasRequests && OldPlanTable.present(s)
        if !hasRequests && !hasAppeals && !hasProactive && !hasProse && !hasOldTable { return (nil, []) }
        let lines = Lines(s)
        var st = Statistics()
        if hasProactive {
            parseProactive(s, tokenize(s, range(.proactive, sections, s.count)), lines, &st)
        }
        if hasRequests {
            parseRequests(s, tableRange(.requests, [u("本年新收")], s, sections), lines, &st)
        } else if hasOldTable {
            parseOldTable(s, lines, prose: hasProse ? ProseFigures.applications(s, range(.requests, sections, s.count),
                                                                                 inSection: sections.contains { $0.key == .requests }) : nil, &st)
        } else if hasProse, let (n, at) = ProseFigures.applications(s, range(.requests, sections, s.count),
                                                                             inSection: sections.contains { $0.key == .requests }) {
            // no table (pre-2019 reports): the prose's 全年共受理…申请X件
            var req = RequestStatistics()
            req.new_applications = ApplicantRow([nil, nil, nil, nil, nil, nil, n])
            st.requests = req
            st.sources["requests.new_applications.total"] = FigureSource(line: lines.line(of: at), how: "prose")
        }
        if hasAppeals {
            let requests = tableRange(.requests, [u("本年新收")], s, sections)
            parseAppeals(s, tokenize(s, tableRange(.appeals, appealStarts, s, sections)), lines,
                         grid: { cellGrid(labelledRows(s, tokenize(s, requests)), lines) }, &st)
        }
        if st.proactive.isEmpty && st.requests == nil && st.appeals == nil { return (nil, []) }
        return (st, checks(st))
    }
}
