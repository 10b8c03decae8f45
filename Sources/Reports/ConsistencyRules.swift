// The sums the statistics tables must satisfy, stated once, and their two uses: choosing among the
// readings of run-together digits (`brokenCount`: every applicant column of a candidate reading, a
// blank cell counting 0) and reporting what the figures as read break (`failures`: the printed
// totals, a figure left null with a reason making its rule uncheckable).

/// The rows (or columns) in `parts` add up to those in `totals`.
struct SumRule {
    var name: String
    var parts: [String]
    var totals: [String]
}

enum ConsistencyRules {
    /// 一+二 = (七)+四: the year's and the carried-over applications are handled or carried forward.
    static let requestsBalance = SumRule(name: "requests_balance", parts: ["new_applications", "carried_over"],
                                         totals: ["handled_total", "carried_forward"])
    /// (七)总计 = (一)+…+(六).
    static let handledTotal = SumRule(name: "handled_total",
                                      parts: ["granted", "partially_granted", "withheld", "unable_to_provide", "not_processed", "other_handling"],
                                      totals: ["handled_total"])
    /// A group row that prints its own figures = the sum of its items.
    static func groupItems(_ group: String) -> SumRule {
        SumRule(name: "group_items", parts: RequestsTableReader.standardItems[group]!.map { "\(group).items.\($0)" }, totals: [group])
    }
    /// A request row's total = its six applicant columns.
    static let rowTotal = SumRule(name: "row_total", parts: Array(ApplicantRow.columns.prefix(6)), totals: ["total"])
    /// An appeals row's 总计 = 维持 + 纠正 + 其他 + 尚未审结.
    static let appealsTotal = SumRule(name: "appeals_total", parts: ["upheld", "corrected", "other", "pending"], totals: ["total"])

    // MARK: choosing readings

    /// Rules of the requests table one reading breaks, counted per column: the balance, the handled
    /// total and the group rows (the row total is the split's own rule, `TableReadings`). `reading`:
    /// row path → its seven figures; `unknown`: row path → columns no reading can place.
    static func brokenCount(_ reading: [String: [Int?]], unknown: [String: Set<Int>]) -> Int {
        var broken = 0
        for column in 0..<7 {
            /// A row's figure in this column, a blank cell or a missing row counting 0; nil when unknown.
            func figure(_ row: String) -> Int? {
                if unknown[row]?.contains(column) == true { return nil }
                return reading[row]?[column] ?? 0
            }
            /// Several rows' sum; nil when one of them is unknown.
            func sum(_ rows: [String], _ value: (String) -> Int?) -> Int? {
                var total = 0
                for row in rows { guard let x = value(row) else { return nil }; total += x }
                return total
            }
            /// A group's figure: its own row, else the sum of its items.
            func part(_ row: String) -> Int? {
                guard RequestsTableReader.standardItems[row] != nil, reading[row] == nil else { return figure(row) }
                return sum(groupItems(row).parts, figure)
            }
            let balance = requestsBalance
            if (balance.parts + balance.totals).allSatisfy({ reading[$0] != nil }),
               let left = sum(balance.parts, figure), let right = sum(balance.totals, figure), left != right { broken += 1 }
            if handledTotal.totals.allSatisfy({ reading[$0] != nil }), let total = sum(handledTotal.totals, figure),
               let parts = sum(handledTotal.parts, part), parts != total { broken += 1 }
            for group in RequestsTableReader.standardItems.keys {
                let rule = groupItems(group)
                guard reading[group] != nil, rule.parts.contains(where: { reading[$0] != nil }) else { continue }
                if let items = sum(rule.parts, figure), let own = figure(group), items != own { broken += 1 }
            }
        }
        return broken
    }

    // MARK: reporting

    /// The rules the figures as read break, each with the row it concerns. A rule over a figure left
    /// null with a reason cannot be checked: the table does not say it.
    static func failures(_ stats: Statistics) -> [CheckFailure] {
        var out: [CheckFailure] = []
        func open(_ keys: [String]) -> Bool { keys.contains { stats.nulls[$0] != nil } }
        if let requests = stats.requests {
            func totalKeys(_ rows: [String]) -> [String] { rows.map { "requests.\($0).total" } }
            let balance = requestsBalance
            let printed = (balance.parts + balance.totals).compactMap { requests[$0]?.total }
            if printed.count == 4, !open(totalKeys(balance.parts + balance.totals)) {
                let (new, carriedOver, handled, carriedForward) = (printed[0], printed[1], printed[2], printed[3])
                if new + carriedOver != handled + carriedForward {
                    out.append(CheckFailure(rule: balance.name, expected: new + carriedOver, found: handled + carriedForward,
                        message: "新收 \(new) + 上年结转 \(carriedOver) = \(new + carriedOver), but 总计 \(handled) + 结转下年度 \(carriedForward) = \(handled + carriedForward)"))
                }
            }
            let parts = handledTotal.parts.map { requests[$0]?.total }
            if let handled = requests[handledTotal.totals[0]]?.total, parts.contains(where: { $0 != nil }),
               !open(totalKeys(handledTotal.parts + handledTotal.totals)) {
                let sum = parts.compactMap { $0 }.reduce(0, +)
                if sum != handled {
                    out.append(CheckFailure(rule: handledTotal.name, expected: sum, found: handled, message: "总计 is \(handled), but (一)–(六) sum to \(sum)"))
                }
            }
            for name in RequestStatistics.rowNames {
                guard let row = requests[name] else { continue }
                var rows: [(label: String, path: String, row: ApplicantRow)] = [(name, name, row)]
                if let items = row.items {
                    rows += items.sorted { $0.key < $1.key }.map { ("\(name).\($0.key)", "\(name).items.\($0.key)", $0.value) }
                }
                for (label, path, row) in rows {
                    guard let total = row.total, !open(ApplicantRow.columns.map { "requests.\(path).\($0)" }) else { continue }
                    let columns = row.values.prefix(rowTotal.parts.count)
                    if columns.allSatisfy({ $0 == nil }) { continue }
                    let sum = columns.compactMap { $0 }.reduce(0, +)
                    if sum != total {
                        out.append(CheckFailure(rule: rowTotal.name, expected: sum, found: total,
                            message: "\(label): total is \(total), but the applicant columns sum to \(sum)", row: label))
                    }
                }
            }
        }
        if let appeals = stats.appeals {
            let rows = [appeals.reconsideration, appeals.litigation_direct, appeals.litigation_after_reconsideration]
            for (name, row) in zip(AppealsTableReader.rows, rows) {
                guard let row, let total = row.total, !open(AppealsTableReader.columns.map { "appeals.\(name).\($0)" }) else { continue }
                let sum = row.values.prefix(appealsTotal.parts.count).compactMap { $0 }.reduce(0, +)
                if sum != total {
                    out.append(CheckFailure(rule: appealsTotal.name, expected: sum, found: total,
                        message: "\(name): total is \(total), but 维持/纠正/其他/尚未审结 sum to \(sum)", row: name))
                }
            }
        }
        return out
    }
}
