import GovSearchCore
import Reports
import Segmentation

/// Where a query's words stand in a report's text, matched as the search
/// matches them: the query's positive words and phrases (not under a NOT),
/// each as `TextPattern` normalizes it, found in the normalized text
/// (full-width/half-width, case, white space between ideographs dropped; a
/// Latin word only as a whole word), then mapped back to the text as written.
/// The same matching as `Snippet` (whose highlights mark search hits), over
/// the whole text instead of one passage.
enum TextMarks {
    /// Half-open offsets in Unicode scalars of `report.text`, in text order, not
    /// overlapping. When the query names sections (`section:`), only matches
    /// inside those sections, as with snippets.
    static func highlights(query: String, in report: Report) throws -> [[Int]] {
        guard let root = try QueryParser.parse(query) else { return [] }
        var patterns: [[Unicode.Scalar]] = []
        var sections = Set<SectionKey>()
        collect(root, negated: false, into: &patterns, sections: &sections)
        patterns = patterns.filter { !$0.isEmpty }
        guard !patterns.isEmpty else { return [] }
        let original = Array(report.text.unicodeScalars)
        let norm = Normalizer.normalize(original)
        var hits: [(start: Int, end: Int)] = []
        for p in patterns {
            for s in find(p, in: norm.scalars) {
                hits.append((norm.origin[s], norm.origin[s + p.count - 1] + 1))
            }
        }
        if !sections.isEmpty {
            let allowed = report.sections.filter { sections.contains($0.key) }.map { $0.start..<$0.end }
            hits.removeAll { h in !allowed.contains { $0.contains(h.start) } }
        }
        // In text order; an overlapping match joins the one before it.
        hits.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        var out: [[Int]] = []
        for h in hits {
            if let last = out.last, h.start < last[1] {
                out[out.count - 1][1] = max(last[1], h.end)
            } else {
                out.append([h.start, h.end])
            }
        }
        return out
    }

    /// The normalized text of the positive text leaves, and every section the query names.
    static func collect(_ n: QueryNode, negated: Bool, into patterns: inout [[Unicode.Scalar]], sections: inout Set<SectionKey>) {
        switch n {
        case let .text(raw):
            if !negated, let p = TextPattern(raw) { patterns.append(p.normalized) }
        case let .filter(f):
            if case let .section(k) = f { sections.insert(k) }
        case let .not(inner):
            collect(inner, negated: !negated, into: &patterns, sections: &sections)
        case let .and(parts), let .or(parts):
            for p in parts { collect(p, negated: negated, into: &patterns, sections: &sections) }
        }
    }

    /// Starts of `needle` in `hay`; a pattern beginning (ending) with a letter or
    /// digit does not match inside a longer word (as `Snippet.find`).
    static func find(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar]) -> [Int] {
        guard !needle.isEmpty, needle.count <= hay.count else { return [] }
        let firstIsWord = Normalizer.isWordScalar(needle[0])
        let lastIsWord = Normalizer.isWordScalar(needle[needle.count - 1])
        var out: [Int] = []
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            var ok = true
            for k in 1..<needle.count where hay[i + k] != needle[k] { ok = false; break }
            if ok && firstIsWord && i > 0 && Normalizer.isWordScalar(hay[i - 1]) { ok = false }
            if ok && lastIsWord && i + needle.count < hay.count && Normalizer.isWordScalar(hay[i + needle.count]) { ok = false }
            if ok { out.append(i) }
        }
        return out
    }
}
