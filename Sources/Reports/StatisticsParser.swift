import Segmentation
// Reads the standard statistics tables in any of the layouts seen in practice: one row
// per line (tabs/spaces), one cell per line, pipes, markdown pipes, and flattened text
// with figures run together (数量170000017).

enum StatToken {
    case label(Range<Int>)
    case number(Double, digits: Range<Int>?)  // digits: the raw digit run for integers
    case blank
}

enum StatisticsParser {
    // MARK: tokenizer

    static let labelUnits: Set<U> = Set(u("年月日件条个项次人%％号份期届名家位〕]）)>》类"))
    static let openers: Set<U> = Set(u("〔[（(第<《"))

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
                    out.append(.blank)   // a line holding only white space: an empty cell (one cell per line)
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
        if allSpace { out.append(.blank); return }
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
                        flushLabel(i); out.append(.number(value(s, i..<k), digits: nil)); i = k + 2; continue
                    }
                    if nx == 0x5143 { flushLabel(i); out.append(.number(value(s, i..<k), digits: nil)); i = k + 1; continue }
                    if labelUnits.contains(nx) || (nx == 0x2F) { if labelStart < 0 { labelStart = i }; i = k; continue }
                    if !isDecimal && (nx == 0x2E || nx == 0x3001 || nx == 0xFF0E) {
                        // numbering of the next label (1.属于国家秘密), possibly glued to figures
                        if intEnd - i > 1 {
                            flushLabel(i)
                            out.append(.number(value(s, i..<(intEnd - 1)), digits: i..<(intEnd - 1)))
                        } else if labelStart >= 0 && !isHSpace(s[labelStart]) && labelStart < i {
                            flushLabel(i)
                        }
                        if labelStart < 0 { labelStart = intEnd - 1 }
                        i = k; continue
                    }
                }
                if labelStart >= 0, let p = prev, !CJK.isIdeograph(p) && p != 0xFF09 && p != 0x29 && p != 0x201D && p != 0x300D {
                    // digits inside a Latin/ASCII word: keep in the label
                    i = k; continue
                }
                flushLabel(i)
                out.append(.number(value(s, i..<k), digits: isDecimal ? nil : i..<k))
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

    // MARK: glued figures

    /// Splits a run of digits into `n` figures so that each group's last figure is the sum of the others.
    static func splitGlued(_ d: [Int], groups: Int, per: Int) -> [Int]? {
        let n = groups * per
        if d.count == n { return d }
        if d.count < n || d.count > n + 24 { return nil }
        var parts: [Int] = []
        var found: [Int]? = nil
        func rec(_ pos: Int) {
            if found != nil { return }
            let idx = parts.count
            if idx == n { if pos == d.count { found = parts }; return }
            let remainingParts = n - idx
            let remainingDigits = d.count - pos
            if remainingDigits < remainingParts { return }
            let maxLen = min(6, remainingDigits - (remainingParts - 1))
            if maxLen < 1 { return }
            for len in stride(from: maxLen, through: 1, by: -1) {
                if len > 1 && d[pos] == 0 { continue }
                var v = 0
                for k in pos..<(pos + len) { v = v * 10 + d[k] }
                // group constraint at the last cell of each group
                if (idx + 1) % per == 0 {
                    let g = idx / per
                    let sum = parts[(g * per)..<idx].reduce(0, +)
                    if sum != v { continue }
                }
                parts.append(v)
                rec(pos + len)
                parts.removeLast()
                if found != nil { return }
            }
        }
        rec(0)
        return found
    }

    static func digits(_ s: [U], _ r: Range<Int>) -> [Int] { r.map { digitValue(s[$0]) ?? 0 } }

    /// Figures of one row: 7 (or 15) cells; blanks are nil; a single glued run is split.
    static func rowValues(_ s: [U], _ toks: [StatToken], groups: Int, per: Int) -> [Int?]? {
        let n = groups * per
        var vals: [Int?] = []
        for t in toks {
            switch t {
            case .number(let v, _): vals.append(v == v.rounded() ? Int(v) : nil)
            case .blank: vals.append(nil)
            case .label: break
            }
        }
        // drop leading blanks (merged label cells) when that leaves exactly n
        while vals.count > n, vals.first.map({ $0 == nil }) == true { vals.removeFirst() }
        while vals.count > n, vals.last.map({ $0 == nil }) == true { vals.removeLast() }
        if vals.count == n { return vals }
        let nums = toks.compactMap { t -> Range<Int>? in if case .number(_, let d) = t { return d }; return nil }
        if nums.count == 1, let r = nums.first, r.count > n - 1 {
            if let split = splitGlued(digits(s, r), groups: groups, per: per) { return split }
        }
        if vals.count > n { return Array(vals.prefix(n)) }
        return nil
    }

    // MARK: requests table

    enum RowRef { case top(String), group(String), item(String, String) }

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
        ("other_handling", "no_correction", u("不补正")), ("other_handling", "fee_unpaid", u("缴纳费用")),
    ]
    static let kOther = u("其他"), kBenNianDu = u("本年度办理结果")

    static func classifyRequestLabel(_ s: [U], _ r: Range<Int>, group: String?) -> RowRef? {
        let a = r.lowerBound, b = r.upperBound
        for (g, item, key) in itemRows where s.contains(key, from: a, to: b) { return .item(g, item) }
        for (g, key) in groupRows where s.contains(key, from: a, to: b) { return .group(g) }
        for (name, key) in topRows where s.contains(key, from: a, to: b) {
            if name == "handled_total" && b - a > 8 { continue }
            return .top(name)
        }
        if group == "other_handling" && s.contains(kOther, from: a, to: b) && b - a <= 6 { return .item("other_handling", "other") }
        return nil
    }

    static func parseRequests(_ s: [U], _ toks: [StatToken]) -> RequestStatistics? {
        var req = RequestStatistics()
        var items: [String: [String: ApplicantRow]] = [:]
        var groupOwn: [String: ApplicantRow] = [:]
        var group: String? = nil
        var current: RowRef? = nil
        var buf: [StatToken] = []
        var started = false
        func finish() {
            defer { current = nil; buf = [] }
            guard let c = current, let v = rowValues(s, buf, groups: 1, per: 7) else { return }
            let row = ApplicantRow(v)
            switch c {
            case .top(let n): req[n] = row
            case .group(let g): groupOwn[g] = row
            case .item(let g, let i): items[g, default: [:]][i] = row
            }
        }
        for t in toks {
            switch t {
            case .label(let r):
                if let ref = classifyRequestLabel(s, r, group: group) {
                    if case .top(let n) = ref, n == "new_applications" { started = true }
                    if !started { continue }
                    finish()
                    current = ref
                    switch ref {
                    case .top: group = nil
                    case .group(let g): group = g
                    case .item(let g, _): group = g
                    }
                } else if current != nil && !buf.isEmpty {
                    let hasNumber = buf.contains { if case .number = $0 { return true }; return false }
                    if hasNumber { finish() }
                }
            default:
                if current != nil { buf.append(t) }
            }
        }
        finish()
        for (g, own) in groupOwn { req[g] = own }
        for (g, its) in items {
            var row = req[g] ?? sumRows(Array(its.values))
            row.items = its
            req[g] = row
        }
        return req.isEmpty ? nil : req
    }

    static func sumRows(_ rows: [ApplicantRow]) -> ApplicantRow {
        var v: [Int?] = Array(repeating: nil, count: 7)
        for r in rows {
            for (k, x) in r.values.enumerated() { if let x { v[k] = (v[k] ?? 0) + x } }
        }
        return ApplicantRow(v)
    }

    // MARK: appeals

    static let appealHeaders: [[U]] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "维持", "纠正"].map(u)

    static func parseAppeals(_ s: [U], _ toks: [StatToken]) -> AppealStatistics? {
        let kStart = u("结果维持")
        guard let first = toks.firstIndex(where: { if case .label(let r) = $0 { return s.contains(kStart, from: r.lowerBound, to: r.upperBound) }; return false }) else { return nil }
        var buf: [StatToken] = []
        var numbers = 0
        var i = first + 1
        while i < toks.count && numbers < 15 {
            let t = toks[i]
            switch t {
            case .label(let r):
                let isHeader = appealHeaders.contains { s.contains($0, from: r.lowerBound, to: r.upperBound) }
                if !isHeader && numbers > 0 { i = toks.count; continue }
            case .number(_, let d):
                buf.append(t); numbers += (d != nil && d!.count >= 15) ? 15 : 1
            case .blank:
                if numbers > 0 { buf.append(t); numbers += 1 }
            }
            i += 1
        }
        guard let v = rowValues(s, buf, groups: 3, per: 5) else { return nil }
        var a = AppealStatistics()
        a.reconsideration = AppealRow(Array(v[0..<5]))
        a.litigation_direct = AppealRow(Array(v[5..<10]))
        a.litigation_after_reconsideration = AppealRow(Array(v[10..<15]))
        return a
    }

    // MARK: proactive

    static let columnNames: [([U], String)] = [
        (u("本年新制作数量"), "made"), (u("本年新公开数量"), "published"), (u("对外公开总数量"), "total"),
        (u("本年制发件数"), "made"), (u("本年废止件数"), "repealed"), (u("现行有效件数"), "in_force"),
        (u("上一年项目数量"), "previous"), (u("本年增/减"), "change"), (u("本年处理决定数量"), "decisions"), (u("处理决定数量"), "decisions"),
        (u("本年收费金额"), "amount"), (u("采购项目数量"), "count"), (u("采购总金额"), "amount"),
    ]
    static let itemNames: [([U], String)] = [
        (u("规范性文件"), "normative_documents"), (u("规章"), "regulations"), (u("其他对外管理服务事项"), "other_services"),
        (u("行政许可"), "licensing"), (u("行政处罚"), "punishment"), (u("行政强制"), "enforcement"),
        (u("行政事业性收费"), "fees"), (u("政府集中采购"), "procurement"),
    ]

    static func parseProactive(_ s: [U], _ toks: [StatToken]) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        var columns: [String] = []
        var lastWasHeader = false
        var item: String? = nil
        var vals: [Double?] = []
        func finish() {
            if let it = item, !columns.isEmpty {
                var row: [String: Double] = [:]
                if vals.count == 1, columns.count > 1 { vals = [] }  // ambiguous run-together figures
                for (k, c) in columns.enumerated() where k < vals.count { if let v = vals[k] { row[c] = v } }
                if !row.isEmpty { result[it] = row }
            }
            item = nil; vals = []
        }
        for t in toks {
            switch t {
            case .label(let r):
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
                    if item != nil { vals.append(nil) }  // a non-numeric cell such as 增加8/9
                    lastWasHeader = false
                    continue
                }
                for e in events {
                    if e.3 {
                        finish()
                        if !lastWasHeader { columns = [] }
                        columns.append(e.2)
                        lastWasHeader = true
                    } else {
                        finish()
                        item = e.2
                        lastWasHeader = false
                    }
                }
            case .number(let v, _):
                lastWasHeader = false
                if item != nil { vals.append(v); if vals.count >= columns.count { finish() } }
            case .blank:
                if item != nil && !vals.isEmpty { vals.append(nil) }
            }
        }
        finish()
        return result
    }

    // MARK: checks

    static func checks(_ st: Statistics) -> [CheckFailure] {
        var out: [CheckFailure] = []
        if let r = st.requests {
            let new = r.new_applications?.total, old = r.carried_over?.total
            let handled = r.handled_total?.total, fwd = r.carried_forward?.total
            if let new, let old, let handled, let fwd, new + old != handled + fwd {
                out.append(CheckFailure(rule: "requests_balance", expected: new + old, found: handled + fwd,
                    message: "新收 \(new) + 上年结转 \(old) = \(new + old), but 总计 \(handled) + 结转下年度 \(fwd) = \(handled + fwd)"))
            }
            let parts = ["granted", "partially_granted", "withheld", "unable_to_provide", "not_processed", "other_handling"]
            let totals = parts.map { r[$0]?.total }
            if let handled, totals.contains(where: { $0 != nil }) {
                let sum = totals.compactMap { $0 }.reduce(0, +)
                if sum != handled {
                    out.append(CheckFailure(rule: "handled_total", expected: sum, found: handled,
                        message: "总计 is \(handled), but (一)–(六) sum to \(sum)"))
                }
            }
            for name in RequestStatistics.rowNames {
                guard let row = r[name] else { continue }
                var rows: [(String, ApplicantRow)] = [(name, row)]
                if let its = row.items { rows += its.sorted { $0.key < $1.key }.map { ("\(name).\($0.key)", $0.value) } }
                for (label, x) in rows {
                    guard let total = x.total else { continue }
                    let cols = x.values.prefix(6)
                    if cols.allSatisfy({ $0 == nil }) { continue }
                    let sum = cols.compactMap { $0 }.reduce(0, +)
                    if sum != total {
                        out.append(CheckFailure(rule: "row_total", expected: sum, found: total,
                            message: "\(label): total is \(total), but the applicant columns sum to \(sum)"))
                    }
                }
            }
        }
        if let a = st.appeals {
            for (name, row) in [("reconsideration", a.reconsideration), ("litigation_direct", a.litigation_direct), ("litigation_after_reconsideration", a.litigation_after_reconsideration)] {
                guard let row, let total = row.total else { continue }
                let sum = row.values.prefix(4).compactMap { $0 }.reduce(0, +)
                if sum != total {
                    out.append(CheckFailure(rule: "appeals_total", expected: sum, found: total,
                        message: "\(name): total is \(total), but 维持/纠正/其他/尚未审结 sum to \(sum)"))
                }
            }
        }
        return out
    }

    // MARK: entry

    static func range(_ key: SectionKey, _ sections: [Section], _ n: Int) -> Range<Int> {
        if let s = sections.first(where: { $0.key == key }) { return s.start..<s.end }
        return 0..<n
    }

    static func parse(_ s: [U], sections: [Section]) -> (Statistics?, [CheckFailure]) {
        let n = s.count
        // Cheap gate: no table markers, no statistics.
        let hasRequests = s.contains(u("本年新收"))
        let hasAppeals = s.contains(u("结果维持"))
        let hasProactive = s.contains(u("第二十条"))
        if !hasRequests && !hasAppeals && !hasProactive { return (nil, []) }
        var st = Statistics()
        if hasProactive {
            st.proactive = parseProactive(s, tokenize(s, range(.proactive, sections, n)))
        }
        if hasRequests {
            var r = range(.requests, sections, n)
            if !s.contains(u("本年新收"), from: r.lowerBound, to: r.upperBound) { r = 0..<n }
            st.requests = parseRequests(s, tokenize(s, r))
        }
        if hasAppeals {
            var r = range(.appeals, sections, n)
            if !s.contains(u("结果维持"), from: r.lowerBound, to: r.upperBound) { r = 0..<n }
            st.appeals = parseAppeals(s, tokenize(s, r))
        }
        if st.proactive.isEmpty && st.requests == nil && st.appeals == nil { return (nil, []) }
        return (st, checks(st))
    }
}
