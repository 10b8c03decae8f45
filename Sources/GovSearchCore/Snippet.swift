#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Segmentation

/// Picks the best passage of a report for a query and marks the matches.
///
/// Matches are found as the index sees the text (normalized) and reported in
/// the original, so the snippet shows the text as written (full-width
/// punctuation and all) while matching is exactly the index's.
///
/// Two ways to the same result: when every pattern starts with an ideograph
/// (the usual Chinese query) the matches are found on the UTF-8 bytes and only
/// the passage is decoded; otherwise the whole text is normalized.
public enum Snippet {
    public struct Result: Equatable, Sendable {
        public var text: String
        /// Half-open offsets in Unicode scalars of `text`.
        public var highlights: [[Int]]
        /// The 1-based line of every match in the whole text, in text order
        /// (lines end at \n, \r\n or a lone \r): which sections matched.
        public var matchLines: [Int] = []
    }

    /// A match in scalar offsets of the original text.
    struct Match { var start: Int; var end: Int; var leaf: Int }

    static let target = 100

    /// - Parameters:
    ///   - allowed: original scalar ranges the passage must come from (nil: anywhere).
    public static func make(text: String, patterns: [[Unicode.Scalar]],
                            allowed: [Range<Int>]? = nil) -> Result {
        if anchorable(patterns) {
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
    public static func make(utf8: [UInt8], compatibilityIdeographs: Bool, patterns: [[Unicode.Scalar]]) -> Result {
        if anchorable(patterns) && !compatibilityIdeographs {
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
            for s in find(p, in: norm.scalars) {
                hits.append(Match(start: norm.origin[s], end: norm.origin[s + p.count - 1] + 1, leaf: leaf))
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

    // MARK: - Anchored on the UTF-8 bytes

    /// For text without compatibility ideographs (see `UTF8Scan`): those
    /// normalize to ideographs and could match where the first character's own
    /// bytes do not stand.
    static func makeAnchored(_ buf: UnsafeBufferPointer<UInt8>, _ patterns: [[Unicode.Scalar]], allowed: [Range<Int>]?) -> Result {
        // Byte offsets of every match, then scalar offsets counted between them in one pass.
        var found = byteMatches(buf, patterns)
        found.sort { $0.start < $1.start }
        var hits: [Match] = [], hitBytes: [Int] = []
        hits.reserveCapacity(found.count)
        var bytePos = 0, scalarPos = 0, line = 1
        var lines: [Int] = []
        lines.reserveCapacity(found.count)
        for h in found {
            let (scalars, breaks) = scalarsAndLineBreaks(buf, bytePos, h.start)
            scalarPos += scalars
            line += breaks
            lines.append(line)
            bytePos = h.start
            let m = Match(start: scalarPos, end: scalarPos + scalarCount(buf, h.start, h.end), leaf: h.leaf)
            if let allowed, !allowed.contains(where: { $0.contains(m.start) }) { continue }
            hits.append(m)
            hitBytes.append(h.start)
        }
        var anchor = chooseAnchor(hits, patternCount: patterns.count)
        var anchorByte = 0, anchorEnd = anchor
        if let i = hits.firstIndex(where: { $0.start == anchor }) {
            anchorByte = hitBytes[i]
            anchorEnd = hits[i].end
        } else if let first = allowed?.first {
            anchor = first.lowerBound
            anchorByte = byteOffset(buf, ofScalar: anchor)
            anchorEnd = anchor
        }

        // Decode only the region the passage can come from: `cut` looks at most
        // 40 characters back and 120 ahead (or to the anchor match's end), plus
        // combining marks on either side.
        var from = anchorByte, back = 0
        while from > 0 && back < 48 {
            from -= 1
            while from > 0 && buf[from] & 0xC0 == 0x80 { from -= 1 }
            back += 1
        }
        let base = anchor - back
        let stop = max(anchor + 120, anchorEnd) + 32
        var region: [Unicode.Scalar] = []
        region.reserveCapacity(stop - base)
        var i = from
        while i < buf.count && base + region.count < stop {
            let (s, n) = decodeScalar(buf, i)
            region.append(s)
            i += n
        }
        var result = cut(region[...], base: base, hits: hits, anchor: anchor)
        result.matchLines = lines
        return result
    }

    /// Every match of every pattern, in byte offsets.
    static func byteMatches(_ buf: UnsafeBufferPointer<UInt8>, _ patterns: [[Unicode.Scalar]]) -> [(start: Int, end: Int, leaf: Int)] {
        var out: [(start: Int, end: Int, leaf: Int)] = []
        guard let base = buf.baseAddress else { return out }
        for (leaf, p) in patterns.enumerated() {
            guard let first = p.first else { continue }
            var bytes: [UInt8] = []
            Tokenizer.appendUTF8(p, 0, p.count, to: &bytes)
            let firstLength = first.utf8.count
            // glibc's memchr finds the first character's last byte (a continuation
            // byte, rarely the same twice in a row); UTF-8 never matches mid-character.
            let key = Int32(bytes[firstLength - 1])
            var pos = firstLength - 1
            while pos < buf.count {
                guard let found = memchr(base + pos, key, buf.count - pos) else { break }
                let last = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                let at = last - (firstLength - 1)
                pos = last + 1
                var same = true
                for k in 0..<(firstLength - 1) where buf[at + k] != bytes[k] { same = false; break }
                if same, let end = matchEnd(buf, at, p) { out.append((at, end, leaf)) }
            }
        }
        return out
    }

    /// Where a match of `p` starting at byte `at` ends, or nil: compared on the
    /// bytes where the text is written as normalized, otherwise in a short
    /// normalized window from there.
    static func matchEnd(_ buf: UnsafeBufferPointer<UInt8>, _ at: Int, _ p: [Unicode.Scalar]) -> Int? {
        // The quick comparison of `quickCompare`, on the bytes.
        var j = at, k = 0
        var sure = true
        while k < p.count {
            guard j < buf.count else { return nil }
            let (o, n) = decodeScalar(buf, j)
            if o == p[k] { j += n; k += 1; continue }
            if Normalizer.isCJK(o) && Normalizer.isCJK(p[k]) { return nil }  // ideographs are their own normal form
            sure = false
            break
        }
        if sure {
            guard let last = p.last, Normalizer.isWordScalar(last), j < buf.count, continuesWord(decodeScalar(buf, j).0) else { return j }
        }
        // Long enough for the pattern plus white space and line breaks inside it.
        var window: [Unicode.Scalar] = [], offsets: [Int] = []
        var i = at
        while i < buf.count && window.count < 4 * p.count + 16 {
            let (s, n) = decodeScalar(buf, i)
            window.append(s); offsets.append(i)
            i += n
        }
        offsets.append(i)
        switch quickCompare(window[...], 0, p) {
        case .match(let e): return offsets[e]
        case .mismatch: return nil
        case .unsure:
            let norm = Normalizer.normalize(window)
            return find(p, in: norm.scalars).first == 0 ? offsets[norm.origin[p.count - 1] + 1] : nil
        }
    }

    /// The scalar at byte `i` of valid UTF-8 and its length (U+FFFD for a stray byte).
    @inline(__always)
    static func decodeScalar(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(buf[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        let n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard n > 1, i + n <= buf.count else { return ("\u{FFFD}", 1) }
        var v = b0 & (0x7F >> UInt32(n))
        for k in 1..<n { v = v << 6 | UInt32(buf[i + k] & 0x3F) }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
    }

    /// The byte offset of the `n`th scalar (the end when there are fewer).
    static func byteOffset(_ buf: UnsafeBufferPointer<UInt8>, ofScalar n: Int) -> Int {
        var seen = -1
        for k in 0..<buf.count where buf[k] & 0xC0 != 0x80 {
            seen += 1
            if seen == n { return k }
        }
        return buf.count
    }

    /// Scalars in bytes [from, to): the bytes that are not continuation bytes.
    @inline(__always)
    static func scalarCount(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var n = 0
        for k in from..<to where buf[k] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Scalars and line breaks (\n, and \r not followed by \n) in bytes [from, to),
    /// eight bytes at a time: this runs over the text up to its last match.
    static func scalarsAndLineBreaks(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> (Int, Int) {
        let high: UInt64 = 0x8080_8080_8080_8080, low: UInt64 = 0x0101_0101_0101_0101
        var scalars = 0, breaks = 0
        var k = from
        let raw = UnsafeRawPointer(buf.baseAddress!)
        while k + 8 <= to {
            let x = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // Continuation bytes are 10xxxxxx: the high bit set and the next one clear.
            scalars += 8 - (x & ~(x << 1) & high).nonzeroBitCount
            // A byte equal to \n or \r makes its lane of x ^ pattern zero.
            let n = x ^ (0x0A * low), r = x ^ (0x0D * low)
            if ((n &- low) & ~n & high) | ((r &- low) & ~r & high) != 0 {
                for j in k..<(k + 8) where isLineBreak(buf, j) { breaks += 1 }
            }
            k += 8
        }
        while k < to {
            if buf[k] & 0xC0 != 0x80 { scalars += 1 }
            if isLineBreak(buf, k) { breaks += 1 }
            k += 1
        }
        return (scalars, breaks)
    }

    @inline(__always)
    static func isLineBreak(_ buf: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        let b = buf[k]
        return b == 0x0A || (b == 0x0D && (k + 1 == buf.count || buf[k + 1] != 0x0A))
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
                appendUTF8(s, to: &out); count += 1; lastSpace = false
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
    static func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        let v = s.value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
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
