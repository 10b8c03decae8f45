import Segmentation
// The statistics tables as a stream of labels, figures and empty cells, whatever the layout: one
// row per line (tabs/spaces), one cell per line, pipes, markdown pipes, and flattened text with
// figures run together (数量170000017).

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

    var isNumber: Bool { if case .number = self { return true }; return false }
}

enum StatisticsTokenizer {
    /// Characters that make a figure right before them part of a label (2020年, 3件, 第1条, 2/3).
    static let labelUnits: Set<U> = Set(u("年月日件条个项次人%％号份期届名家位〕]）)>》类"))
    static let openers: Set<U> = Set(u("〔[（(第<《"))
    static let signs: Set<U> = Set(u("+-＋－"))

    /// Tokens of `range`: tabs, line ends, pipes and form feeds separate cells; white space splits a cell's words.
    static func tokenize(_ text: [U], _ range: Range<Int>) -> [StatToken] {
        var out: [StatToken] = []
        var cellStart = range.lowerBound
        var lineStart = range.lowerBound
        func isCellBreak(_ c: U) -> Bool { c == 0x09 || c == 0x0A || c == 0x0D || c == 0x7C || c == 0x0C }
        var i = range.lowerBound
        var rowsRunTogether = pipeRowsRunTogether(text, from: lineStart, to: range.upperBound)
        while i <= range.upperBound {
            if i == range.upperBound || isCellBreak(text[i]) {
                let lineEnds = i == range.upperBound || text[i] == 0x0A || text[i] == 0x0D
                let betweenPipes = i < range.upperBound && text[i] == 0x7C && cellStart > range.lowerBound && text[cellStart - 1] == 0x7C
                if lineEnds && i > lineStart && (lineStart..<i).allSatisfy({ isHSpace(text[$0]) }) {
                    out.append(.blank(at: lineStart))   // a line holding only white space: an empty cell (one cell per line)
                } else if rowsRunTogether && betweenPipes && (cellStart..<i).allSatisfy({ isHSpace(text[$0]) }) {
                    // `| |` where pipe rows run together is a row's end as much as an empty cell: no cell is read
                } else if lineEnds && cellStart > range.lowerBound && text[cellStart - 1] == 0x7C && (cellStart..<i).allSatisfy({ isHSpace(text[$0]) }) {
                    // white space after a pipe row's closing pipe is outside the row
                } else if i > cellStart {
                    cell(text, cellStart..<i, &out)
                }
                cellStart = i + 1
                if lineEnds {
                    lineStart = i + 1
                    rowsRunTogether = pipeRowsRunTogether(text, from: lineStart, to: range.upperBound)
                }
            }
            i += 1
        }
        return out
    }

    /// True when the line from `start` holds markdown pipe rows run together (a crawler collapsed
    /// the line ends): a table rule `|---|` follows an empty cell on the same line (`| 总计 | |---|`).
    static func pipeRowsRunTogether(_ text: [U], from start: Int, to limit: Int) -> Bool {
        var i = start
        var lastPipe = -1
        while i < limit && text[i] != 0x0A && text[i] != 0x0D {
            if text[i] == 0x7C {
                if lastPipe >= 0, i + 1 < limit, text[i + 1] == 0x2D || text[i + 1] == 0x3A,
                   ((lastPipe + 1)..<i).allSatisfy({ isHSpace(text[$0]) }) {
                    return true
                }
                lastPipe = i
            }
            i += 1
        }
        return false
    }

    /// One cell: blank when all white space, else its white-space separated words.
    static func cell(_ text: [U], _ range: Range<Int>, _ out: inout [StatToken]) {
        if range.allSatisfy({ isHSpace(text[$0]) }) { out.append(.blank(at: range.lowerBound)); return }
        var wordStart = range.lowerBound
        var k = range.lowerBound
        while k <= range.upperBound {
            if k == range.upperBound || isHSpace(text[k]) {
                if k > wordStart { word(text, wordStart..<k, &out) }
                wordStart = k + 1
            }
            k += 1
        }
    }

    /// One word: labels and the figures between them.
    static func word(_ text: [U], _ range: Range<Int>, _ out: inout [StatToken]) {
        // markdown table rule
        if range.allSatisfy({ text[$0] == 0x2D || text[$0] == 0x3A }) { return }
        var labelStart = -1
        var i = range.lowerBound
        let end = range.upperBound
        func flushLabel(_ upTo: Int) {
            if labelStart >= 0 && upTo > labelStart { out.append(.label(labelStart..<upTo)) }
            labelStart = -1
        }
        while i < end {
            let c = text[i]
            if digitValue(c) != nil {
                var k = i
                while k < end && digitValue(text[k]) != nil { k += 1 }
                let intEnd = k
                var isDecimal = false
                if k + 1 < end && (text[k] == 0x2E || text[k] == 0xFF0E) && digitValue(text[k + 1]) != nil {
                    isDecimal = true
                    k += 1
                    while k < end && digitValue(text[k]) != nil { k += 1 }
                }
                let prev: U? = i > range.lowerBound ? text[i - 1] : nil
                let next: U? = k < end ? text[k] : nil
                if let prev, openers.contains(prev) { if labelStart < 0 { labelStart = i }; i = k; continue }
                if let next {
                    if next == 0x4E07 && k + 1 < end && text[k + 1] == 0x5143 {  // 万元
                        flushLabel(i); out.append(.number(value(text, i..<k), digits: nil, at: i)); i = k + 2; continue
                    }
                    if next == 0x5143 { flushLabel(i); out.append(.number(value(text, i..<k), digits: nil, at: i)); i = k + 1; continue }
                    if labelUnits.contains(next) || (next == 0x2F) { if labelStart < 0 { labelStart = i }; i = k; continue }
                    if !isDecimal && (next == 0x2E || next == 0x3001 || next == 0xFF0E) {
                        // numbering of the next label (1.属于国家秘密), possibly glued to figures
                        if intEnd - i > 1 {
                            flushLabel(i)
                            out.append(.number(value(text, i..<(intEnd - 1)), digits: i..<(intEnd - 1), at: i))
                        } else if labelStart >= 0 && !isHSpace(text[labelStart]) && labelStart < i {
                            flushLabel(i)
                        }
                        if labelStart < 0 { labelStart = intEnd - 1 }
                        i = k; continue
                    }
                }
                if labelStart == i - 1, let prev, signs.contains(prev), next.map({ !signs.contains($0) }) ?? true {
                    // a sign opening a cell (本年增/减 +8): the sign stays a label of its own, the digits a figure
                    flushLabel(i)
                    out.append(.number(value(text, i..<k), digits: isDecimal ? nil : i..<k, at: i))
                    i = k
                    continue
                }
                if labelStart >= 0, let prev, !CJK.isIdeograph(prev) && prev != 0xFF09 && prev != 0x29 && prev != 0x201D && prev != 0x300D {
                    // digits inside a Latin/ASCII word: keep in the label
                    i = k; continue
                }
                flushLabel(i)
                out.append(.number(value(text, i..<k), digits: isDecimal ? nil : i..<k, at: i))
                i = k
                continue
            }
            if labelStart < 0 { labelStart = i }
            i += 1
        }
        flushLabel(end)
    }

    /// The number written in `range` (digits, at most one decimal point).
    static func value(_ text: [U], _ range: Range<Int>) -> Double {
        var intPart: Double = 0, frac: Double = 0, scale: Double = 1, inFrac = false
        for k in range {
            if let d = digitValue(text[k]) {
                if inFrac { scale /= 10; frac += Double(d) * scale } else { intPart = intPart * 10 + Double(d) }
            } else { inFrac = true }
        }
        return intPart + frac
    }
}
