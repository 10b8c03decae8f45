// The requests table (收到和处理政府信息公开申请情况): ten rows of seven columns (six applicant
// types and 总计), the groups (三)–(六) with their items. Rows are found by their labels, or by the
// table version's print order when broken markdown lost the labels; run-together digits are read
// by the table's rules (ConsistencyRules).

/// A row of the requests table: a top row (本年新收, 总计, …), a group row ((三)不予公开, …) or an item of a group.
enum RequestRow: Equatable {
    case top(String), group(String), item(group: String, item: String)

    /// The row's path under `requests` in `inspect --json` (`withheld.items.state_secret`).
    var path: String {
        switch self {
        case .top(let name), .group(let name): return name
        case .item(let group, let item): return "\(group).items.\(item)"
        }
    }
}

/// A row as found in the text: which row, its figure and empty-cell tokens, where its label starts.
struct PrintedRow {
    var row: RequestRow
    var tokens: [StatToken]
    var labelOffset: Int
    /// Why the figures that follow the label may be another row's (nil when they are its own).
    var displacedBecause: String? = nil
}

enum RequestsTableReader {
    /// What marks the table in a text (its first row's label).
    static let marker = u("本年新收")
    /// Words of the table's header (the applicant columns): the table is printed even where its
    /// rows cannot be found.
    static let headerWords: [[U]] = ["申请人情况", "商业企业", "科研机构", "社会公益组织", "法律服务机构"].map(u)

    static let topRows: [(name: String, label: [U])] = [
        ("new_applications", u("本年新收")), ("carried_over", u("上年结转")), ("partially_granted", u("部分公开")),
        ("granted", u("予以公开")), ("carried_forward", u("结转下年度")), ("handled_total", u("总计")),
    ]
    static let groupRows: [(name: String, label: [U])] = [
        ("withheld", u("不予公开")), ("unable_to_provide", u("无法提供")), ("not_processed", u("不予处理")), ("other_handling", u("其他处理")),
    ]
    static let itemRows: [(group: String, item: String, label: [U])] = [
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
    /// Each group's items in print order.
    static let standardItems: [String: [String]] = [
        "withheld": ["state_secret", "prohibited_by_law", "security_stability", "third_party_rights", "internal_affairs",
                     "process_information", "enforcement_files", "administrative_query"],
        "unable_to_provide": ["not_held", "would_need_creation", "unclear_after_correction"],
        "not_processed": ["petition_complaint", "repeated", "published_material", "excessive_repeated", "confirmation_request"],
        "other_handling": ["no_correction", "fee_unpaid", "other"],
    ]
    static let otherLabel = u("其他")

    /// The rows of the table in print order: the 2019 version (其他处理 one row) and the 2021 revision.
    static func template(otherItems: Bool) -> [RequestRow] {
        var rows: [RequestRow] = [.top("new_applications"), .top("carried_over"), .top("granted"), .top("partially_granted")]
        for group in ["withheld", "unable_to_provide", "not_processed"] {
            rows += standardItems[group]!.map { .item(group: group, item: $0) }
        }
        rows += otherItems ? standardItems["other_handling"]!.map { .item(group: "other_handling", item: $0) } : [.group("other_handling")]
        return rows + [.top("handled_total"), .top("carried_forward")]
    }

    /// The row a label names. A label holding several row names (one-line text where empty rows
    /// left no cells: 二、上年结转…（二）部分公开…11) names the last one, which its figures follow;
    /// 总计 names the row only at the label's end (not inside the column headers).
    static func classify(_ text: [U], _ label: Range<Int>, group: String?) -> RequestRow? {
        let a = label.lowerBound, b = label.upperBound
        var best: (at: Int, row: RequestRow)? = nil
        func consider(_ key: [U], _ row: RequestRow, atEnd: Bool = false) {
            var from = a, last: Int? = nil
            while let p = text.find(key, from: from, to: b) { last = p; from = p + 1 }
            guard let p = last, !atEnd || b - (p + key.count) <= 1 else { return }
            if best.map({ p > $0.at }) ?? true { best = (p, row) }
        }
        for (group, item, key) in itemRows { consider(key, .item(group: group, item: item)) }
        for (name, key) in groupRows { consider(key, .group(name)) }
        for (name, key) in topRows { consider(key, .top(name), atEnd: name == "handled_total") }
        if best == nil && group == "other_handling" && text.contains(otherLabel, from: a, to: b) && b - a <= 6 {
            return .item(group: "other_handling", item: "other")
        }
        return best?.row
    }

    /// Rows found by their labels: a label starts a row, its figures follow (any layout).
    static func labelledRows(_ text: [U], _ tokens: [StatToken]) -> [PrintedRow] {
        var out: [PrintedRow] = []
        var group: String? = nil
        var current: PrintedRow? = nil
        var started = false
        func finish() {
            if let current { out.append(current) }
            current = nil
        }
        /// Broken markdown and HTML-to-text converters print labels apart from their cells (022): two
        /// labels of rows that print cells, stacked with no cell between them, before the figures. Where
        /// an empty cell leaves no trace, which of the two rows the figures belong to the text does not
        /// say: the figures stand in a pipe row the labels are outside of, or the labels and the figures
        /// each stand on lines of their own. (One-line text runs an empty row's label into the next
        /// one's and its figures follow on: 009's rows are read as before.)
        func stacked(_ previous: PrintedRow?) -> Bool {
            guard let previous, previous.tokens.isEmpty else { return false }
            if case .group = previous.row { return false }
            return true
        }
        func holds(_ r: Range<Int>, _ chars: Set<U>) -> Bool { r.contains { chars.contains(text[$0]) } }
        let pipe: Set<U> = [0x7C], lineEnd: Set<U> = [0x0A, 0x0D]
        func displaced(previousLabel: Int, label: Int, figure: Int) -> Bool {
            let between = previousLabel..<label, before = label..<figure
            if holds(between, pipe) { return false }
            return holds(before, pipe) || (holds(between, lineEnd) && holds(before, lineEnd))
        }
        var stackedOn: Int? = nil
        for t in tokens {
            switch t {
            case .label(let r):
                if let row = classify(text, r, group: group) {
                    if case .top("new_applications") = row { started = true }
                    if !started { continue }
                    stackedOn = stacked(current) ? current?.labelOffset : nil
                    finish()
                    current = PrintedRow(row: row, tokens: [], labelOffset: r.lowerBound)
                    switch row {
                    case .top: group = nil
                    case .group(let name), .item(let name, _): group = name
                    }
                } else if current?.tokens.contains(where: \.isNumber) == true {
                    finish()
                }
            default:
                if t.isNumber, let previousLabel = stackedOn, let row = current, let at = t.offset {
                    if displaced(previousLabel: previousLabel, label: row.labelOffset, figure: at) {
                        current?.displacedBecause = "its label follows another row's label with no cell between them"
                    }
                    stackedOn = nil
                }
                current?.tokens.append(t)
            }
        }
        finish()
        return out
    }

    /// Rows one per line (pipes, tabs, pdftotext columns), assigned by print order when the lines
    /// holding seven cells are exactly the rows of a table version and every label printed on such a
    /// line names its row: broken markdown loses labels but keeps the order.
    static func rowsByOrder(_ text: [U], _ range: Range<Int>, _ lines: Lines) -> [PrintedRow]? {
        var found: [(row: RequestRow?, cells: [StatToken], lineStart: Int)] = []
        var started = false
        var line = lines.line(of: range.lowerBound) - 1
        while line < lines.count && lines.starts[line] < range.upperBound {
            let a = max(lines.starts[line], range.lowerBound), b = min(lines.ends[line], range.upperBound)
            line += 1
            if a >= b { continue }
            let tokens = StatisticsTokenizer.tokenize(text, a..<b)
            var row: RequestRow? = nil
            for t in tokens { if case .label(let r) = t, let named = classify(text, r, group: nil) { row = named; break } }
            if case .top("new_applications") = row { started = true }
            guard started, let cells = RowCells.cells(tokens, 7) else { continue }
            found.append((row, cells, a))
        }
        for otherItems in [true, false] {
            let order = template(otherItems: otherItems)
            guard found.count == order.count else { continue }
            let labelled = found.enumerated().filter { $0.element.row != nil }
            guard labelled.count >= 3, labelled.allSatisfy({ $0.element.row == order[$0.offset] }) else { return nil }
            return found.enumerated().map { PrintedRow(row: order[$0.offset], tokens: $0.element.cells, labelOffset: $0.element.lineStart) }
        }
        return nil
    }

    /// Reads the table in `range` into `stats`: its figures, where each came from, and why any is null.
    static func read(_ text: [U], _ range: Range<Int>, _ lines: Lines, into stats: inout Statistics) {
        let rows = rowsByOrder(text, range, lines) ?? labelledRows(text, StatisticsTokenizer.tokenize(text, range))
        var readings: [String: RowReadings] = [:]
        for printed in rows {
            let line = lines.printedLine(of: printed.labelOffset)
            if let why = printed.displacedBecause, printed.tokens.contains(where: \.isNumber) {
                readings[printed.row.path] = .none("row label at line \(line): \(why)", line: line, columns: 7)
                continue
            }
            readings[printed.row.path] = RowCells.readings(text, lines, printed.tokens, groups: 1, per: 7, line: line)
        }
        let chosen = TableReadings.choose(readings.filter { !$0.value.readings.isEmpty }) { reading in
            ConsistencyRules.brokenCount(reading, unknown: readings.mapValues(\.unknown))
        }
        var requests = RequestStatistics()
        var items: [String: [String: ApplicantRow]] = [:]
        for (name, rowReadings) in readings {
            let keys = ApplicantRow.columns.map { "requests.\(name).\($0)" }
            guard let (values, settled) = chosen[name] else {
                if let why = rowReadings.reason { for k in keys { stats.nulls[k] = why } }
                continue
            }
            for (k, key) in keys.enumerated() {
                if settled[k] {
                    if values[k] != nil { stats.sources[key] = FigureSource(line: rowReadings.lines[k], how: rowReadings.how) }
                } else {
                    stats.nulls[key] = rowReadings.reason ?? "not settled"
                }
            }
            let row = ApplicantRow(values)
            let parts = name.components(separatedBy: ".items.")
            if parts.count == 2 { items[parts[0], default: [:]][parts[1]] = row } else { requests[name] = row }
        }
        for (group, groupItems) in items {
            var row: ApplicantRow
            if let own = requests[group] { row = own } else {
                row = sumRows(Array(groupItems.values))
                // the group's figure is the sum of its printed items; unsettled items leave it null
                var values = row.values
                for (k, column) in ApplicantRow.columns.enumerated() {
                    let itemKeys = groupItems.keys.map { "requests.\(group).items.\($0).\(column)" }
                    if itemKeys.contains(where: { stats.nulls[$0] != nil }) {
                        values[k] = nil; stats.nulls["requests.\(group).\(column)"] = "an item's figure is not settled"
                    } else if values[k] != nil, let line = itemKeys.compactMap({ stats.sources[$0]?.line }).min() {
                        stats.sources["requests.\(group).\(column)"] = FigureSource(line: line, how: "sum of items")
                    }
                }
                row = ApplicantRow(values)
            }
            row.items = groupItems
            requests[group] = row
        }
        fillBlankCarriedForward(text, lines, &requests, &stats)
        if !requests.isEmpty { stats.requests = requests }
    }

    /// A 结转下年度 row whose total cell is printed blank (022) takes the total from the prose, but only
    /// when the prose states one figure and the row's printed cells add up to it: two printed sources agree.
    static func fillBlankCarriedForward(_ text: [U], _ lines: Lines, _ requests: inout RequestStatistics, _ stats: inout Statistics) {
        let key = "requests.carried_forward.total"
        guard var row = requests.carried_forward, row.total == nil, stats.nulls[key] == nil else { return }
        let cells = row.values.prefix(6)
        guard cells.allSatisfy({ $0 != nil }), let (n, at) = ProseFigures.carriedForward(text, 0..<text.count),
              cells.reduce(0, { $0 + $1! }) == n else { return }
        row.total = n
        requests.carried_forward = row
        stats.sources[key] = FigureSource(line: lines.printedLine(of: at), how: "prose")
    }

    /// Column by column, the sum of the rows' printed figures (nil where none prints one).
    static func sumRows(_ rows: [ApplicantRow]) -> ApplicantRow {
        var values: [Int?] = Array(repeating: nil, count: 7)
        for row in rows {
            for (k, x) in row.values.enumerated() { if let x { values[k] = (values[k] ?? 0) + x } }
        }
        return ApplicantRow(values)
    }
}
