// The proactive-disclosure table (第二十条 items): per item (规章, 规范性文件, 行政许可, …) the
// figures of the columns its header names (本年制发件数, 处理决定数量, …). Figures run together
// are split where the column count, the sign of 本年增/减 or the report's prose settle them.

enum ProactiveTableReader {
    static let marker = u("第二十条")

    static let columnNames: [(label: [U], column: String)] = [
        (u("本年度新制作数量"), "made"), (u("本年新制作数量"), "made"), (u("本年度新公开数量"), "published"),
        (u("本年新公开数量"), "published"), (u("本年度公开数量"), "published"), (u("对外公开总数量"), "total"),
        (u("本年制发件数"), "made"), (u("本年废止件数"), "repealed"), (u("现行有效件数"), "in_force"),
        (u("上一年项目数量"), "previous"), (u("本年增/减"), "change"), (u("本年处理决定数量"), "decisions"), (u("处理决定数量"), "decisions"),
        (u("本年收费金额"), "amount"), (u("采购项目数量"), "count"), (u("采购总金额"), "amount"),
    ]
    static let itemNames: [(label: [U], item: String)] = [
        (u("规范性文件"), "normative_documents"), (u("规章"), "regulations"), (u("其他对外管理服务事项"), "other_services"),
        (u("行政许可"), "licensing"), (u("行政处罚"), "punishment"), (u("行政强制"), "enforcement"),
        (u("行政事业性收费"), "fees"), (u("政府集中采购"), "procurement"),
    ]

    /// One cell of a proactive row: a figure (`signed`: opened by +/-, the 本年增/减 column), a blank,
    /// or text such as 增加8/9.
    enum Cell { case figure(Double, digits: Range<Int>?, at: Int, signed: Bool), blank(Int), text(Int) }

    /// A column or item name found inside a label, in text order.
    struct Name { var at: Int; var name: String; var isColumn: Bool }

    /// Reads the table's rows in `tokens` into `stats`.
    static func read(_ text: [U], _ tokens: [StatToken], _ lines: Lines, into stats: inout Statistics) {
        var columns: [String] = []
        var lastWasHeader = false
        var item: String? = nil
        var cells: [Cell] = []
        var signNext = false
        func finish() {
            if let item, !columns.isEmpty, !cells.isEmpty { readRow(text, lines, item: item, columns: columns, cells, into: &stats) }
            item = nil; cells = []; signNext = false
        }
        var previousLabel: Range<Int>? = nil
        for t in tokens {
            defer { if case .label(let r) = t { previousLabel = r } else { previousLabel = nil } }
            switch t {
            case .label(let r):
                if item != nil && r.count == 1 && StatisticsTokenizer.signs.contains(text[r.lowerBound]) {
                    // `- 9` opening a line is a markdown list's bullet as much as a sign: the figure's column is not settled
                    if isListBullet(text, r) { cells.append(.text(r.lowerBound)) } else { signNext = true }
                    continue
                }
                if let previousLabel, nameCut(text, previousLabel, r) {
                    // a header name cut by a space or line break (采购项目数 量采购总金额): the columns are not known
                    finish(); columns = []; lastWasHeader = false
                    continue
                }
                // a markdown heading's marks (# 本年增/减: a PDF-to-markdown tool made the header cells headings) are no text
                if r.allSatisfy({ text[$0] == 0x23 }) { continue }
                let names = self.names(text, r)
                if names.isEmpty {
                    if item != nil { cells.append(.text(r.lowerBound)) }  // a non-numeric cell such as 增加8/9
                    lastWasHeader = false
                    continue
                }
                for found in names {
                    finish()
                    if found.isColumn {
                        if !lastWasHeader { columns = [] }
                        columns.append(found.name)
                        lastWasHeader = true
                    } else {
                        item = found.name
                        lastWasHeader = false
                    }
                }
            case .number(let v, let digits, let at):
                lastWasHeader = false
                if item != nil {
                    cells.append(.figure(v, digits: digits, at: at, signed: signNext)); signNext = false
                    if cells.count >= columns.count { finish() }
                }
            case .blank(let at):
                if item != nil && !cells.isEmpty { cells.append(.blank(at)) }
            }
        }
        finish()
    }

    /// A lone sign at a line's start followed by white space (`- 9`): how PDF-to-markdown tools mark a list item.
    static func isListBullet(_ text: [U], _ sign: Range<Int>) -> Bool {
        var k = sign.lowerBound - 1
        while k >= 0 && isHSpace(text[k]) { k -= 1 }
        let opensLine = k < 0 || isNewline(text[k])
        return opensLine && sign.upperBound < text.count && isHSpace(text[sign.upperBound])
    }

    /// True when a column or item name runs from the end of label `a` on into label `b`, only white
    /// space between them: a wrap turned into a space or a line break cut the name.
    static func nameCut(_ text: [U], _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.upperBound <= b.lowerBound, (a.upperBound..<b.lowerBound).allSatisfy({ isSpaceOrNewline(text[$0]) }) else { return false }
        let joined = Array(text[a]) + Array(text[b])
        for name in columnNames.map(\.label) + itemNames.map(\.label) where name.count >= 2 {
            for cut in 1..<name.count {
                let head = Array(name[..<cut]), tail = Array(name[cut...])
                if joined.count >= name.count, Array(joined[(a.count - min(a.count, head.count))..<a.count]) == head,
                   b.count >= tail.count, Array(text[b.lowerBound..<(b.lowerBound + tail.count)]) == tail {
                    return true
                }
            }
        }
        return false
    }

    /// The column and item names inside a label, in text order (a column name wins at the same place).
    static func names(_ text: [U], _ label: Range<Int>) -> [Name] {
        var out: [Name] = []
        var k = label.lowerBound
        scan: while k < label.upperBound {
            for (name, column) in columnNames where text.has(name, at: k) && k + name.count <= label.upperBound {
                out.append(Name(at: k, name: column, isColumn: true)); k += name.count; continue scan
            }
            for (name, item) in itemNames where text.has(name, at: k) && k + name.count <= label.upperBound {
                out.append(Name(at: k, name: item, isColumn: false)); k += name.count; continue scan
            }
            k += 1
        }
        return out
    }

    /// One item's row: the cells as printed when there is one per column, else figures run together
    /// split where a rule or the prose settles them.
    static func readRow(_ text: [U], _ lines: Lines, item: String, columns: [String], _ cells: [Cell], into stats: inout Statistics) {
        var row: [String: Double] = [:]
        func set(_ k: Int, _ v: Double?, _ at: Int, _ how: String) {
            let key = "proactive.\(item).\(columns[k])"
            if let v { row[columns[k]] = v; stats.sources[key] = FigureSource(line: lines.printedLine(of: at), how: how) }
        }
        func unsettled(_ ks: Range<Int>, _ why: String) { for k in ks { stats.nulls["proactive.\(item).\(columns[k])"] = why } }
        defer { if !row.isEmpty { stats.proactive[item] = row } }
        if cells.count == columns.count {
            // only an amount has a fraction: a fraction under a count means the cells are not the columns
            // (225253.1 68万元: a wrap turned into a space cut the amount)
            for (k, c) in cells.enumerated() {
                if case .figure(let v, _, let at, _) = c, v != v.rounded(), columns[k] != "amount" {
                    unsettled(0..<columns.count, "a fraction \(v) under \(columns[k]) at line \(lines.printedLine(of: at)): the cells are not the columns")
                    return
                }
            }
            for (k, c) in cells.enumerated() {
                switch c {
                case .figure(let v, _, let at, _): set(k, v, at, "cell")
                case .blank, .text: break
                }
            }
            return
        }
        if cells.count > columns.count {
            if case .figure(_, _, let at, _) = cells.first { unsettled(0..<columns.count, "\(cells.count) cells for \(columns.count) columns at line \(lines.printedLine(of: at))") }
            return
        }
        // Fewer cells than columns: figures ran together. A signed figure opens the 本年增/减 column.
        // Two unsigned figures side by side, though, may each hold several columns (a wrap turned into a
        // space splits a run: 885 5698), and which of them ran together the text does not say.
        for (a, b) in zip(cells, cells.dropFirst()) {
            if case .figure(_, _, let at, false) = a, case .figure(_, _, _, false) = b {
                unsettled(0..<columns.count, "\(cells.count) figures for \(columns.count) columns at line \(lines.printedLine(of: at)): which ran together is not settled")
                return
            }
        }
        var spans: [(cell: Cell, columns: Range<Int>)] = []
        var col = 0
        for (n, c) in cells.enumerated() {
            guard case .figure(_, _, _, let signed) = c else {
                if case .text(let at) = c { unsettled(0..<columns.count, "text among run-together figures at line \(lines.printedLine(of: at))") }
                return
            }
            let start = signed ? (columns.firstIndex(of: "change") ?? col) : col
            let nextSigned = cells[(n + 1)...].firstIndex { if case .figure(_, _, _, true) = $0 { return true }; return false }
            let end = nextSigned.map { _ in columns.firstIndex(of: "change") ?? columns.count } ?? (n == cells.count - 1 ? columns.count : start + 1)
            guard start >= col, end > start else { return }
            spans.append((c, start..<end)); col = end
        }
        for (c, span) in spans {
            guard case .figure(let v, let digitRange, let at, _) = c else { continue }
            if span.count == 1 { set(span.lowerBound, v, at, "cell"); continue }
            guard let digitRange else { unsettled(span, "figures run together with an amount at line \(lines.printedLine(of: at))"); continue }
            let digits = RowCells.digits(text, digitRange)
            let written = digits.map(String.init).joined()
            if digits.count == span.count {
                for (k, x) in digits.enumerated() { set(span.lowerBound + k, Double(x), at, "split by rule") }
                continue
            }
            guard digits.count > span.count, let all = TableReadings.splits(digits, into: span.count, per: 0) else {
                unsettled(span, "run-together digits \(written) for \(span.count) cells (some blank): not settled"); continue
            }
            // The prose may name some of the columns' figures.
            var keep = all
            var used = false
            for (k, column) in columns[span].enumerated() {
                let said = ProseFigures.proactive(text, item: item, column: column)
                if said.count == 1, let x = said.first { keep = keep.filter { $0[k] == x }; used = true }
            }
            if used && keep.count == 1 {
                for (k, x) in keep[0].enumerated() { set(span.lowerBound + k, Double(x), at, "split by prose") }
            } else {
                unsettled(span, "run-together digits \(written) split \(all.count) ways into \(span.count) cells; no rule or prose settles it")
            }
        }
    }
}
