import Segmentation

/// Picks the best passage of a report for a query and marks the matches.
///
/// Matches are found in the normalized text and mapped back to the original
/// through `NormalizedText.origin`, so the snippet shows the text as written
/// (full-width punctuation and all) while matching is exactly the index's.
public enum Snippet {
    public struct Result: Equatable, Sendable {
        public var text: String
        /// Half-open offsets in Unicode scalars of `text`.
        public var highlights: [[Int]]
    }

    static let target = 100
    static let clauseEnds: Set<Unicode.Scalar> = ["。", "；", "！", "？", ";", "!", "?", "\n", "\r", "，", ",", "：", ":"]

    /// - Parameters:
    ///   - allowed: original scalar ranges the passage must come from (nil: anywhere).
    public static func make(text: String, patterns: [[Unicode.Scalar]],
                            allowed: [Range<Int>]? = nil) -> Result {
        let original = Array(text.unicodeScalars)
        // Every occurrence of every pattern, in original offsets: (start, end, pattern).
        var hits: [(start: Int, end: Int, leaf: Int)] = []
        if patterns.allSatisfy({ $0.first.map(Normalizer.isCJK) ?? true }) {
            hits = anchoredMatches(original, patterns)
        } else {
            let norm = Normalizer.normalize(original)
            for (leaf, p) in patterns.enumerated() where !p.isEmpty {
                for s in find(p, in: norm.scalars) {
                    hits.append((norm.origin[s], norm.origin[s + p.count - 1] + 1, leaf))
                }
            }
        }
        if let allowed { hits.removeAll { h in !allowed.contains { $0.contains(h.start) } } }
        hits.sort { $0.start < $1.start }

        // Window start: the hit whose following `target` characters hold the most distinct patterns.
        var anchor = 0
        if !hits.isEmpty {
            var best = -1
            for (i, h) in hits.enumerated() {
                var leaves: UInt64 = 0  // distinct patterns in the window (as bits; the 64th stands for the rest)
                var j = i
                while j < hits.count && hits[j].end <= h.start + target { leaves |= 1 << UInt64(min(hits[j].leaf, 63)); j += 1 }
                if leaves.nonzeroBitCount > best { best = leaves.nonzeroBitCount; anchor = h.start }
                if best == patterns.count { break }  // cannot do better than every pattern
            }
        } else if let first = allowed?.first {
            anchor = first.lowerBound
        }

        var start = max(0, anchor - 24)
        // Start after clause punctuation close before the first match, if any.
        var k = anchor - 1
        while k >= max(0, anchor - 40) {
            if clauseEnds.contains(original[k]) { start = k + 1; break }
            k -= 1
        }
        var end = min(original.count, start + target)
        // End at clause punctuation near the target length, keeping the anchor's match.
        let minEnd = min(original.count, max(start + 80, hits.first(where: { $0.start == anchor })?.end ?? 0))
        var e = minEnd
        while e < min(original.count, start + 120) {
            if clauseEnds.contains(original[e]) && original[e] != "\n" && original[e] != "\r" { end = e + 1; break }
            e += 1
        }
        end = min(max(end, minEnd), original.count)
        // Never split a character: keep combining marks with their base.
        while start > 0 && start < original.count && isCombining(original[start]) { start -= 1 }
        while end < original.count && isCombining(original[end]) { end += 1 }

        // Build the snippet with white space collapsed, keeping an offset map for highlights.
        var out = String.UnicodeScalarView()
        var map: [Int: Int] = [:]  // original offset -> snippet offset
        var count = 0
        var lastSpace = true
        for i in start..<end {
            map[i] = count
            let s = original[i]
            if s.properties.isWhitespace {
                if lastSpace { continue }
                out.append(" "); count += 1; lastSpace = true
            } else {
                out.append(s); count += 1; lastSpace = false
            }
        }
        map[end] = count
        if lastSpace, count > 0 { out.removeLast(); count -= 1 }
        var highlights: [[Int]] = []
        for h in hits where h.start >= start && h.end <= end {
            let a = map[h.start]!, b = min(map[h.end]!, count)
            if b > a, highlights.last.map({ $0[1] <= a }) ?? true { highlights.append([a, b]) }
        }
        return Result(text: String(out), highlights: highlights)
    }

    /// Matches of patterns that start with an ideograph, found without
    /// normalizing the whole report: an ideograph is its own normal form, so
    /// each place the first character stands is a candidate, checked by
    /// normalizing a short window from there.
    static func anchoredMatches(_ original: [Unicode.Scalar], _ patterns: [[Unicode.Scalar]]) -> [(start: Int, end: Int, leaf: Int)] {
        var out: [(start: Int, end: Int, leaf: Int)] = []
        let firsts = patterns.map { $0.first?.value ?? 0 }
        for (i, s) in original.enumerated() {
            let v = s.value
            guard firsts.contains(v) else { continue }
            for (leaf, p) in patterns.enumerated() where firsts[leaf] == v {
                switch quickCompare(original, i, p) {
                case .match(let end): out.append((i, end, leaf)); continue
                case .mismatch: continue
                case .unsure: break
                }
                // Long enough for the pattern plus white space and line breaks inside it.
                let stop = min(original.count, i + 4 * p.count + 16)
                let window = Normalizer.normalize(Array(original[i..<stop]))
                if find(p, in: window.scalars).first == 0 {
                    out.append((i, i + window.origin[p.count - 1] + 1, leaf))
                }
            }
        }
        return out
    }

    enum Quick { case match(Int), mismatch, unsure }

    /// Compares the original text at `i` with a normalized pattern without
    /// normalizing: equal scalars match, white space between ideographs is
    /// skipped, and a differing ideograph is a sure mismatch (ideographs are
    /// their own normal form). Anything else needs the real normalization.
    static func quickCompare(_ original: [Unicode.Scalar], _ i: Int, _ p: [Unicode.Scalar]) -> Quick {
        var j = i, k = 0
        while k < p.count {
            guard j < original.count else { return .mismatch }
            let o = original[j]
            if o == p[k] { j += 1; k += 1; continue }
            if o.properties.isWhitespace { return .unsure }
            if Normalizer.isCJK(o) && Normalizer.isCJK(p[k]) { return .mismatch }
            return .unsure
        }
        // A pattern ending in a Latin letter or digit must end a word.
        if let last = p.last, Normalizer.isWordScalar(last), j < original.count, !Normalizer.isCJK(original[j]),
           original[j].properties.isAlphabetic || original[j].properties.numericType != nil {
            return .unsure
        }
        return .match(j)
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
