#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Segmentation

/// Snippets found on a report's UTF-8 bytes: every pattern starts with an
/// ideograph, which is its own normal form (the text holds no compatibility
/// ideographs, see `UTF8Scan`), so each place its bytes stand is a candidate
/// match, checked there; only the passage around the best one is decoded.
extension Snippet {
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
}
