// The cells of one printed table row and the readings they allow: the cells as printed, or a run
// of run-together digits split by the table's rules (TableReadings).

enum RowCells {
    /// The digits of `range`, one figure each.
    static func digits(_ text: [U], _ range: Range<Int>) -> [Int] { range.map { digitValue(text[$0]) ?? 0 } }

    /// The row's split of a run of digits when the group rule (each group of `per` ends in its sum)
    /// leaves exactly one; nil otherwise.
    static func splitGlued(_ digits: [Int], groups: Int, per: Int) -> [Int]? {
        guard let all = TableReadings.splits(digits, into: groups * per, per: per), all.count == 1 else { return nil }
        return all[0]
    }

    /// The figure and empty-cell tokens of a row when there are exactly `count` of them, once blanks at
    /// either end (merged label cells, a trailing pipe) are dropped.
    static func cells(_ tokens: [StatToken], _ count: Int) -> [StatToken]? {
        var cells = tokens.filter { if case .label = $0 { return false }; return true }
        func isBlank(_ t: StatToken?) -> Bool { if case .blank = t { return true }; return false }
        while cells.count > count, isBlank(cells.first) { cells.removeFirst() }
        while cells.count > count, isBlank(cells.last) { cells.removeLast() }
        return cells.count == count ? cells : nil
    }

    /// Readings of one row of `groups` × `per` cells (7 for a request row, 15 for the appeals row);
    /// `line` stands for cells that print nothing.
    static func readings(_ text: [U], _ lines: Lines, _ tokens: [StatToken], groups: Int, per: Int, line: Int) -> RowReadings {
        let count = groups * per
        if let printed = cells(tokens, count) {
            var values: [Int?] = []
            var cellLines: [Int] = []
            for t in printed {
                if case .number(let v, _, _) = t { values.append(v == v.rounded() ? Int(v) : nil) } else { values.append(nil) }
                cellLines.append(t.offset.map { lines.printedLine(of: $0) } ?? line)
            }
            return RowReadings(readings: [values], how: "cell", lines: cellLines)
        }
        let figures = tokens.compactMap { t -> (digits: Range<Int>?, at: Int)? in
            if case .number(_, let digits, let at) = t { return (digits, at) }
            return nil
        }
        if figures.isEmpty { return RowReadings(readings: [], how: "cell", lines: Array(repeating: line, count: count)) }
        let firstLine = lines.printedLine(of: figures[0].at)
        if figures.count == 1, let run = figures[0].digits {
            if groups == 1 { return TableReadings.run(digits(text, run), columns: count, line: firstLine) }
            guard let all = TableReadings.splits(digits(text, run), into: count, per: per), !all.isEmpty else {
                return .none("run-together digits \(string(text, run)): no split satisfies the totals", line: firstLine, columns: count)
            }
            return RowReadings(readings: all.map { $0.map(Optional.some) }, how: "split by rule", lines: Array(repeating: firstLine, count: count),
                               reason: "run-together digits split \(all.count) ways by the totals")
        }
        return .none("\(figures.count) figures for \(count) cells", line: firstLine, columns: count)
    }
}
