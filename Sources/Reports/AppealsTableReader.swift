// The appeals table (政府信息公开行政复议、行政诉讼情况): one row of 15 figures, 行政复议 and the two
// kinds of 行政诉讼, each 维持/纠正/其他/尚未审结/总计, under header cells broken any way.

enum AppealsTableReader {
    /// Header words that mark the table.
    static let markers: [[U]] = ["维持", "审结", "复议后起诉"].map(u)
    /// Characters of the appeals table's header cells, however they are broken over lines and cells.
    static let headerUnits: Set<U> = Set(u("行政复议诉讼未经直接起后结果维持纠正其他尚未审结总计#（）()：:、表四"))
    static let rows = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    static let columns = ["upheld", "corrected", "other", "pending", "total"]

    /// One cell per line with empty lines for blank cells (013): cells `period` lines apart, the next
    /// row's first cell `rowBreak` lines after a row's last, measured on a request row that prints
    /// its label and all seven figures.
    struct CellGrid: Equatable { var period: Int; var rowBreak: Int }

    static func cellGrid(_ requestRows: [PrintedRow], _ lines: Lines) -> CellGrid? {
        for (row, next) in zip(requestRows, requestRows.dropFirst()) {
            let figureLines = row.tokens.compactMap { t -> Int? in if case .number(_, _, let at) = t { return lines.line(of: at) }; return nil }
            guard figureLines.count == 7, row.tokens.count == 7 else { continue }
            let period = figureLines[1] - figureLines[0]
            let labelLine = lines.line(of: row.labelOffset)
            guard period >= 2, figureLines[0] - labelLine == period,
                  zip(figureLines, figureLines.dropFirst()).allSatisfy({ $1 - $0 == period }) else { continue }
            return CellGrid(period: period, rowBreak: lines.line(of: next.labelOffset) - figureLines[6])
        }
        return nil
    }

    /// The appeals row on a cell grid: each printed figure's column from its line, the others blank.
    static func gridRow(_ tokens: [StatToken], headerLine: Int, _ grid: CellGrid, _ lines: Lines) -> RowReadings? {
        let first = headerLine + grid.rowBreak
        var values: [Int?] = Array(repeating: nil, count: 15)
        var cellLines = Array(repeating: first, count: 15)
        for t in tokens {
            guard case .number(let x, _, let at) = t, x == x.rounded() else { return nil }
            let offset = lines.line(of: at) - first
            guard offset >= 0, offset % grid.period == 0, offset / grid.period < 15, values[offset / grid.period] == nil else { return nil }
            values[offset / grid.period] = Int(x); cellLines[offset / grid.period] = lines.printedLine(of: at)
        }
        // A short row whose figures fill the first columns one after another shows no empty cell's
        // lines: a converter that drops empty lines (pymupdf4llm) leaves the same, and where the blank
        // cells were the grid cannot tell.
        let placed = values.indices.filter { values[$0] != nil }
        if placed.count < 15 && placed == Array(0..<placed.count) { return nil }
        return RowReadings(readings: [values], how: "cell", lines: cellLines)
    }

    /// Reads the 15 figures after the header cells (the first row of figures once the header starts)
    /// into `stats`; `grid` measures the one-cell-per-line layout when the row alone cannot be read.
    static func read(_ text: [U], _ tokens: [StatToken], _ lines: Lines, grid: () -> CellGrid?, into stats: inout Statistics) {
        guard let first = tokens.firstIndex(where: { t in
            if case .label(let r) = t { return markers.contains { text.contains($0, from: r.lowerBound, to: r.upperBound) } }
            return false
        }) else { return }
        var row: [StatToken] = []
        var figures = 0
        var headerLine = 0
        scan: for t in tokens[(first + 1)...] {
            if figures >= 15 { break }
            switch t {
            case .label(let r):
                // header cells broken anywhere are skipped; other text ends the row (or, long, the search)
                let header = r.allSatisfy { headerUnits.contains(text[$0]) || isHSpace(text[$0]) }
                if !header && (figures > 0 || r.count > 12) { break scan }
                if figures == 0 { headerLine = lines.line(of: r.lowerBound) }
            case .number(_, let digits, _):
                row.append(t); figures += (digits?.count ?? 0) >= 15 ? 15 : 1
            case .blank:
                if figures > 0 { row.append(t); figures += 1 }
            }
        }
        let line = row.first?.offset.map { lines.printedLine(of: $0) } ?? 1
        var readings = RowCells.readings(text, lines, row, groups: 3, per: 5, line: line)
        if readings.readings.isEmpty, figures < 15, headerLine > 0, let grid = grid(),
           let onGrid = gridRow(row, headerLine: headerLine, grid, lines) {
            readings = onGrid
        }
        let keys = rows.flatMap { row in columns.map { "appeals.\(row).\($0)" } }
        guard !readings.readings.isEmpty else {
            if let why = readings.reason { for k in keys { stats.nulls[k] = why } }
            return
        }
        let (values, settled) = TableReadings.agreed(readings.readings)
        for (k, key) in keys.enumerated() {
            if !settled[k] {
                stats.nulls[key] = readings.reason ?? "not settled"
            } else if values[k] != nil {
                stats.sources[key] = FigureSource(line: readings.lines[k], how: readings.how)
            }
        }
        var appeals = AppealStatistics()
        appeals.reconsideration = AppealRow(Array(values[0..<5]))
        appeals.litigation_direct = AppealRow(Array(values[5..<10]))
        appeals.litigation_after_reconsideration = AppealRow(Array(values[10..<15]))
        stats.appeals = appeals
    }
}
