// What a PDF's pages leave in a text that went through a PDF-to-text or PDF-to-markdown tool, and
// its undoing before the tables are read: page markers (— 3 —, 第3页) whose digits would read as
// figures, a running head repeated at the top of every page that cuts a row in two, and hard wraps
// at the page width that split a label (本年度新制 / 作数量) or a figure (采购1 / 02339.45万元) over
// two lines. The tables are then read on the flowed text, and every line they cite is mapped back.

/// A text with page chrome removed and hard-wrapped lines joined; `origin[i]` is the offset in the
/// original text of `text[i]`.
struct FlowedText {
    var text: [U]
    var origin: [Int]
}

enum PrintedPages {
    /// Page markers need at least this many occurrences: one dash-number line may be content.
    static let minimumMarkers = 2
    /// A text is hard-wrapped when at least this many lines, and this share of its long lines,
    /// end at the page width.
    static let minimumWrappedLines = 8
    static let wrappedShare = 0.4

    /// The flowed text, or nil when the text shows no pages and no hard wraps.
    static func flowed(_ text: [U]) -> FlowedText? {
        let lines = Lines(text)
        let contents = (0..<lines.count).map { trimmed(text, lines.starts[$0]..<lines.ends[$0]) }
        let markers = Set(contents.indices.filter { isPageMarker(text, contents[$0]) })
        var dropped = markers.count >= minimumMarkers ? markers : []
        if !dropped.isEmpty { dropped.formUnion(runningHeads(text, contents, markers: markers)) }
        let kept = contents.indices.filter { !dropped.contains($0) }
        let joins = hardWraps(text, kept.map { contents[$0] })
        if dropped.isEmpty && joins.isEmpty { return nil }
        var out: [U] = [], origin: [Int] = []
        out.reserveCapacity(text.count); origin.reserveCapacity(text.count)
        for (n, line) in kept.enumerated() {
            // a wrapped line runs on into the next without the white space at either side of the wrap
            let start = n > 0 && joins.contains(n - 1) ? contents[line].lowerBound : lines.starts[line]
            let end = joins.contains(n) ? contents[line].upperBound : lines.ends[line]
            for i in start..<end { out.append(text[i]); origin.append(i) }
            if joins.contains(n) { continue }
            let next = n + 1 < kept.count ? lines.starts[kept[n + 1]] : text.count
            for i in end..<next where isNewline(text[i]) { out.append(text[i]); origin.append(i); break }
        }
        return FlowedText(text: out, origin: origin)
    }

    /// A line's range without its leading and trailing white space.
    static func trimmed(_ text: [U], _ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b && isHSpace(text[a]) { a += 1 }
        while b > a && isHSpace(text[b - 1]) { b -= 1 }
        return a..<b
    }

    static let dashes: Set<U> = Set(u("—–-－―─"))

    /// `— 3 —`, `- 3 -`, `第 3 页` (optionally `共 9 页`): a page's number, no content.
    static func isPageMarker(_ text: [U], _ r: Range<Int>) -> Bool {
        let chars = r.map { text[$0] }.filter { !isHSpace($0) }
        guard !chars.isEmpty, chars.count <= 16 else { return false }
        let digits = chars.filter { digitValue($0) != nil }.count
        guard digits >= 1 && digits <= 4 else { return false }
        if let first = chars.first, let last = chars.last, dashes.contains(first), dashes.contains(last) {
            return chars.allSatisfy { dashes.contains($0) || digitValue($0) != nil }
        }
        let pageWords: Set<U> = Set(u("第页共/"))
        return chars.first == 0x7B2C && chars.contains(0x9875) && chars.allSatisfy { pageWords.contains($0) || digitValue($0) != nil }  // 第…页
    }

    /// Lines that repeat right after page markers (or open the text before the first of them): the
    /// running head printed on every page.
    static func runningHeads(_ text: [U], _ contents: [Range<Int>], markers: Set<Int>) -> Set<Int> {
        func key(_ line: Int) -> [U] { contents[line].map { text[$0] } }
        func nextContent(after line: Int) -> Int? { ((line + 1)..<contents.count).first { !contents[$0].isEmpty } }
        var pageTops: [[U]: Int] = [:]
        if let first = nextContent(after: -1), !markers.contains(first) { pageTops[key(first), default: 0] += 1 }
        for m in markers { if let next = nextContent(after: m), !markers.contains(next) { pageTops[key(next), default: 0] += 1 } }
        let heads = Set(pageTops.filter { $0.value >= minimumMarkers && !$0.key.isEmpty }.keys)
        guard !heads.isEmpty else { return [] }
        return Set(contents.indices.filter { !markers.contains($0) && heads.contains(key($0)) })
    }

    /// Display width of a character: CJK and full-width forms take two columns.
    static func width(_ c: U) -> Int {
        (0x1100...0x115F).contains(c) || (0x2E80...0xA4CF).contains(c) || (0xAC00...0xD7A3).contains(c)
            || (0xF900...0xFAFF).contains(c) || (0xFE30...0xFE4F).contains(c) || (0xFF00...0xFF60).contains(c)
            || (0xFFE0...0xFFE6).contains(c) || (0x20000...0x3FFFD).contains(c) ? 2 : 1
    }

    /// Indexes of the lines (among `contents`) that a hard wrap ended: the text is wrapped at a page
    /// width most of its long lines reach, and such a line runs on into the next. Lines laid out in
    /// columns (figures after runs of spaces: a table row of pdftotext -layout) are never joined,
    /// nor a markdown row's closing pipe to the next line, nor a line to a row's opening pipe.
    static func hardWraps(_ text: [U], _ contents: [Range<Int>]) -> Set<Int> {
        // A PDF wraps at a width (digits narrower than ideographs); a tool that wraps text wraps at a
        // number of characters. A line is full by either measure.
        let widths = contents.map { r in r.reduce(0) { $0 + width(text[$1]) } }
        let counts = contents.map(\.count)
        guard let widest = widths.max(), widest >= 40 else { return [] }
        let long = widths.indices.filter { widths[$0] * 2 >= widest }
        let pageWidth = long.map { widths[$0] }.sorted()[long.count * 9 / 10]
        let pageCount = long.map { counts[$0] }.sorted()[long.count * 9 / 10]
        func near(_ x: Int, _ page: Int) -> Bool { x * 10 >= page * 9 && x * 20 <= page * 23 }
        let fullLines = widths.indices.filter { near(widths[$0], pageWidth) || near(counts[$0], pageCount) }
        guard fullLines.count >= minimumWrappedLines, Double(fullLines.count) >= wrappedShare * Double(long.count) else { return [] }
        /// Figures set in columns: two or more figures each after a run of two spaces or more.
        func columns(_ r: Range<Int>) -> Bool {
            if r.contains(where: { text[$0] == 0x7C }) { return false }
            var spaced = 0, run = 0
            for i in r {
                if text[i] == 0x20 { run += 1; continue }
                if run >= 2 && digitValue(text[i]) != nil { spaced += 1 }
                run = 0
            }
            return spaced >= 2
        }
        return Set(fullLines.filter { k in
            guard k + 1 < contents.count, let next = contents[k + 1].first, let last = contents[k].last else { return false }
            return text[last] != 0x7C && text[next] != 0x7C && !columns(contents[k]) && !columns(contents[k + 1])
        })
    }
}
