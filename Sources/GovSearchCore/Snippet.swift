import Segmentation

/// Picks the best passage of a report for a query and marks the matches.
///
/// Matches are found as the index sees the text (normalized) and reported in
/// the original, so the snippet shows the text as written (full-width
/// punctuation and all) while matching is exactly the index's.
///
/// Two ways to the same result: when every pattern starts with an ideograph
/// and holds no punctuation (the usual Chinese query) the matches are found on
/// the UTF-8 bytes and only the passage is decoded; otherwise the whole text is
/// normalized.
public enum Snippet {
    public struct Result: Equatable, Sendable {
        public var text: String
        /// Half-open offsets in Unicode scalars of `text`.
        public var highlights: [[Int]]
        /// The 1-based line of every match in the whole text, in text order
        /// (lines end at \n, \r\n or a lone \r): which sections matched.
        var matchLines: [Int] = []
    }

    /// A match in scalar offsets of the original text.
    struct Match { var start: Int; var end: Int; var leaf: Int }

    static let target = 100

    /// - Parameters:
    ///   - allowed: original scalar ranges the passage must come from (nil: anywhere).
    static func make(text: String, patterns: [[Unicode.Scalar]],
                            allowed: [Range<Int>]? = nil) -> Result {
        if anchorable(patterns) && !patterns.contains(where: hasGap) {
            var utf8 = text
            // (A String is valid UTF-8: the scan only looks for compatibility ideographs.)
            if let result = utf8.withUTF8({ buf in
                UTF8Scan.scan(buf) == .valid(compatibilityIdeographs: false) ? makeAnchored(buf, patterns, allowed: allowed) : nil
            }) {
                return result
            }
        }
        return makeNormalizing(Array(text.unicodeScalars), patterns: patterns, allowed: allowed)
    }

    /// The same for text given as valid UTF-8 bytes (a report read without
    /// building a String), with what `UTF8Scan` found when it was read.
    static func make(utf8: [UInt8], compatibilityIdeographs: Bool, patterns: [[Unicode.Scalar]]) -> Result {
        if anchorable(patterns) && !compatibilityIdeographs && !patterns.contains(where: hasGap) {
            return utf8.withUnsafeBufferPointer { makeAnchored($0, patterns, allowed: nil) }
        }
        return makeNormalizing(Array(String(decoding: utf8, as: UTF8.self).unicodeScalars), patterns: patterns, allowed: nil)
    }

    /// True when every pattern starts with an ideograph: an ideograph is its own
    /// normal form, so each place its bytes stand is a candidate match.
    static func anchorable(_ patterns: [[Unicode.Scalar]]) -> Bool {
        patterns.allSatisfy { $0.first.map(Normalizer.isCJK) ?? true }
    }

    // MARK: - Normalizing the whole text

    static func makeNormalizing(_ original: [Unicode.Scalar], patterns: [[Unicode.Scalar]], allowed: [Range<Int>]?) -> Result {
        var hits: [Match] = []
        let norm = Normalizer.normalize(original)
        for (leaf, p) in patterns.enumerated() where !p.isEmpty {
            for (s, e) in findGapped(pieces(p), in: norm.scalars) {
                hits.append(Match(start: norm.origin[s], end: norm.origin[e - 1] + 1, leaf: leaf))
            }
        }
        hits.sort { $0.start < $1.start }
        var lines: [Int] = []
        var line = 1, from = 0
        for h in hits {
            var k = from
            while k < h.start {
                let v = original[k].value
                if v == 0x0A || (v == 0x0D && (k + 1 == original.count || original[k + 1].value != 0x0A)) { line += 1 }
                k += 1
            }
            from = h.start
            lines.append(line)
        }
        if let allowed { hits.removeAll { h in !allowed.contains { $0.contains(h.start) } } }
        var anchor = chooseAnchor(hits, patternCount: patterns.count)
        if hits.isEmpty, let first = allowed?.first { anchor = first.lowerBound }
        var result = cut(original[...], base: 0, hits: hits, anchor: anchor)
        result.matchLines = lines
        return result
    }

    // MARK: - Choosing and cutting the passage

    /// Window start: the match whose following `target` characters hold the most distinct patterns.
    static func chooseAnchor(_ hits: [Match], patternCount: Int) -> Int {
        var anchor = 0, best = -1
        for (i, h) in hits.enumerated() {
            var leaves: UInt64 = 0  // distinct patterns in the window (as bits; the 64th stands for the rest)
            var j = i
            while j < hits.count && hits[j].end <= h.start + target { leaves |= 1 << UInt64(min(hits[j].leaf, 63)); j += 1 }
            if leaves.nonzeroBitCount > best { best = leaves.nonzeroBitCount; anchor = h.start }
            if best == patternCount { break }  // cannot do better than every pattern
        }
        return anchor
    }

    /// Cuts the passage around `anchor` from `original`, which holds the
    /// text's scalars from offset `base` on (to the end of the text, or far
    /// enough past the anchor), and highlights the matches inside it.
    static func cut(_ original: ArraySlice<Unicode.Scalar>, base: Int, hits: [Match], anchor: Int) -> Result {
        let limit = base + original.count
        let first = original.startIndex
        @inline(__always) func at(_ i: Int) -> Unicode.Scalar { original[first + i - base] }
        var start = min(max(0, anchor - 24), limit)
        // Start after clause punctuation close before the first match, if any.
        var k = anchor - 1
        while k >= max(base, anchor - 40) {
            if isClauseEnd(at(k)) { start = k + 1; break }
            k -= 1
        }
        var end = min(limit, start + target)
        // End at clause punctuation near the target length, keeping the anchor's match.
        let minEnd = min(limit, max(start + 80, hits.first(where: { $0.start == anchor })?.end ?? 0))
        var e = minEnd
        while e < min(limit, start + 120) {
            let s = at(e)
            if isClauseEnd(s) && s != "\n" && s != "\r" { end = e + 1; break }
            e += 1
        }
        end = max(min(max(end, minEnd), limit), start)
        // Never split a character: keep combining marks with their base.
        while start > base && start < limit && isCombining(at(start)) { start -= 1 }
        while end < limit && isCombining(at(end)) { end += 1 }

        // Build the snippet with white space collapsed, keeping an offset map for highlights.
        // Encoded to UTF-8 by hand: appending scalars to a String costs ~500 instructions each.
        var out: [UInt8] = []
        out.reserveCapacity(4 * (end - start))
        var map = [Int](repeating: 0, count: end - start + 1)  // original offset - start -> snippet offset
        var count = 0
        var lastSpace = true
        for i in start..<end {
            map[i - start] = count
            let s = at(i)
            if isWhitespace(s) {
                if lastSpace { continue }
                out.append(0x20); count += 1; lastSpace = true
            } else {
                Tokenizer.appendUTF8(s, to: &out); count += 1; lastSpace = false
            }
        }
        map[end - start] = count
        if lastSpace, count > 0 { out.removeLast(); count -= 1 }
        var highlights: [[Int]] = []
        for h in hits where h.start >= start && h.end <= end {
            let a = map[h.start - start], b = min(map[h.end - start], count)
            if b > a, highlights.last.map({ $0[1] <= a }) ?? true { highlights.append([a, b]) }
        }
        return Result(text: String(decoding: out, as: UTF8.self), highlights: highlights)
    }


    @inline(__always)
    static func isClauseEnd(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3002, 0xFF1B, 0xFF01, 0xFF1F, 0xFF0C, 0xFF1A:  // 。；！？，：
            return true
        case 0x3B, 0x21, 0x3F, 0x0A, 0x0D, 0x2C, 0x3A:  // ; ! ? \n \r , :
            return true
        default:
            return false
        }
    }

    /// Unicode white space, with the common cases answered without a property lookup.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v >= 0x3040 && v < 0xFE00 { return false }  // kana, ideographs, Hangul, …: never white space
        return s.properties.isWhitespace
    }

    /// A letter or digit that would continue a Latin word the pattern ends in.
    static func continuesWord(_ s: Unicode.Scalar) -> Bool {
        !Normalizer.isCJK(s) && (s.properties.isAlphabetic || s.properties.numericType != nil)
    }

    enum Quick { case match(Int), mismatch, unsure }

    /// Compares the original text at `i` with a normalized pattern without
    /// normalizing: equal scalars match, white space between ideographs is
    /// skipped, and a differing ideograph is a sure mismatch (ideographs are
    /// their own normal form). Anything else needs the real normalization.
    static func quickCompare(_ original: ArraySlice<Unicode.Scalar>, _ i: Int, _ p: [Unicode.Scalar]) -> Quick {
        var j = original.startIndex + i, k = 0
        while k < p.count {
            guard j < original.endIndex else { return .mismatch }
            let o = original[j]
            if o == p[k] { j += 1; k += 1; continue }
            if o.properties.isWhitespace { return .unsure }
            if Normalizer.isCJK(o) && Normalizer.isCJK(p[k]) { return .mismatch }
            return .unsure
        }
        // A pattern ending in a Latin letter or digit must end a word.
        if let last = p.last, Normalizer.isWordScalar(last), j < original.endIndex, continuesWord(original[j]) {
            return .unsure
        }
        return .match(j - original.startIndex)
    }

    static func isCombining(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return s.value == 0x200D || (0xFE00...0xFE0F).contains(s.value)  // joiner, variation selectors
        }
    }

    // MARK: - Punctuation inside a pattern

    /// Whether the pattern holds punctuation or space inside: it then matches any stretch there.
    static func hasGap(_ p: [Unicode.Scalar]) -> Bool { p.contains { !Tokenizer.isTokenScalar($0) } }

    /// The pattern's pieces between its stretches of punctuation (one piece: none inside).
    static func pieces(_ p: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = [[]]
        for s in p {
            if Tokenizer.isTokenScalar(s) { out[out.count - 1].append(s) } else if !out[out.count - 1].isEmpty { out.append([]) }
        }
        if out.count > 1 && out[out.count - 1].isEmpty { out.removeLast() }
        return out
    }

    /// Every occurrence of the pieces (one: a pattern without punctuation) as the index matches them
    /// (half-open offsets in `hay`): in order, each stretch of punctuation or space between two of them standing for any such stretch
    /// (`行政复议，行政诉讼` finds `行政复议、行政诉讼`); Latin words whole.
    static func findGapped(_ pieces: [[Unicode.Scalar]], in hay: [Unicode.Scalar]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for start in find(pieces[0], in: hay) {
            var at = start + pieces[0].count
            var ok = true
            for piece in pieces.dropFirst() {
                var j = at
                while j < hay.count && !Tokenizer.isTokenScalar(hay[j]) { j += 1 }
                guard j > at, j + piece.count <= hay.count, hay[j..<(j + piece.count)].elementsEqual(piece) else { ok = false; break }
                at = j + piece.count
            }
            if ok, let last = pieces.last?.last, Normalizer.isWordScalar(last), at < hay.count, Normalizer.isWordScalar(hay[at]) { ok = false }
            if ok { out.append((start, at)) }
        }
        return out
    }

    /// Start offsets of every occurrence of `needle` in `hay` (Latin words whole).
    static func find(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar]) -> [Int] {
        guard !needle.isEmpty, needle.count <= hay.count else { return [] }
        let firstIsWord = Normalizer.isWordScalar(needle[0])
        let lastIsWord = Normalizer.isWordScalar(needle[needle.count - 1])
        var out: [Int] = []
        let first = needle[0]
        var i = 0
        let limit = hay.count - needle.count
        while i <= limit {
            if hay[i] == first {
                var ok = true
                for k in 1..<needle.count where hay[i + k] != needle[k] { ok = false; break }
                if ok && firstIsWord && i > 0 && Normalizer.isWordScalar(hay[i - 1]) { ok = false }
                if ok && lastIsWord && i + needle.count < hay.count && Normalizer.isWordScalar(hay[i + needle.count]) { ok = false }
                if ok { out.append(i) }
            }
            i += 1
        }
        return out
    }
}
