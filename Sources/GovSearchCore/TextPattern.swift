import Segmentation
import XapianKit

/// A word or phrase of a query, as the index sees it: term slots at relative
/// positions. Matching every slot at its offset is exactly "the normalized
/// text contains this string" for strings of CJK characters with or without
/// Latin letters and digits between them (see Tokenizer for why).
public struct TextPattern: Sendable {
    public enum Slot: Equatable, Sendable {
        /// This exact term (UTF-8).
        case term([UInt8])
        /// This CJK character wherever it stands: a term starting with it
        /// there, or a bigram ending with it one position before (the end of a run).
        case character([UInt8])
    }

    public var slots: [(slot: Slot, offset: UInt32)]
    /// The normalized text the pattern stands for (for highlighting).
    public var normalized: [Unicode.Scalar]
    /// True when the slots are not at consecutive positions (punctuation
    /// inside the phrase): Xapian's phrase window then over-matches and the
    /// positions are checked exactly.
    var hasGaps: Bool
    /// True when Xapian's query is only a superset (gaps, or a lone character
    /// inside a phrase, which Xapian 1.4 phrases cannot hold): positions decide.
    var needsPositionCheck: Bool {
        hasGaps || (slots.count > 1 && slots.contains { if case .character = $0.slot { return true } else { return false } })
    }

    public init?(_ raw: String) {
        let norm = Normalizer.normalize(raw).scalars
        let tokens = Tokenizer.tokens(norm, maxWordBytes: IndexSchema.maxWordBytes)
        guard let first = tokens.first else { return nil }
        var slots: [(Slot, UInt32)] = []
        for t in tokens {
            var bytes: [UInt8] = []
            Tokenizer.appendUTF8(norm, t.start, t.end, to: &bytes)
            let offset = t.position - first.position
            switch t.kind {
            case .bigram, .word:
                slots.append((.term(bytes), offset))
            case .unigram:
                slots.append((.character(bytes), offset))
            case .runEnd:
                break  // the bigrams say it all; a touching word after it keeps its offset
            }
        }
        self.slots = slots
        self.normalized = Array(norm[first.start..<tokens.last!.end])
        var gaps = false
        for k in 1..<max(1, slots.count) where slots[k].1 != slots[k - 1].1 + 1 { gaps = true }
        self.hasGaps = gaps
    }

    var window: UInt32 { (slots.last?.offset ?? 0) - (slots.first?.offset ?? 0) + 1 }

    /// The Xapian query: a term, a wildcard, or a phrase of them.
    func xapianQuery() throws -> Query {
        let parts: [Query] = try slots.map { s in
            switch s.slot {
            case let .term(b): return try Query(term: String(decoding: b, as: UTF8.self))
            case let .character(b): return try Query(wildcard: String(decoding: b, as: UTF8.self))
            }
        }
        if parts.count == 1 { return parts[0] }
        if needsPositionCheck {
            // Every slot must occur; DocumentMatcher checks where.
            return try Query(.and, parts)
        }
        return try Query(.phrase, parts, window: window)
    }

    /// The pattern as a Xapian phrase for the shim's position checks, when it
    /// is made of whole terms (a lone character is checked here). The term
    /// with the fewest occurrences in the database leads: a phrase whose
    /// leading term stands in one section only is placed by it alone.
    func phrase(in db: Database) throws -> Phrase? {
        var terms: [[UInt8]] = []
        for s in slots {
            guard case let .term(b) = s.slot, !b.isEmpty else { return nil }
            terms.append(b)
        }
        guard !terms.isEmpty else { return nil }
        var lead = 0, fewest = Int.max
        if terms.count > 1 {
            for (i, t) in terms.enumerated() {
                let n = try db.collectionFrequency(t)
                if n < fewest { fewest = n; lead = i }
            }
        }
        let order = [lead] + terms.indices.filter { $0 != lead }
        let base = Int64(slots[lead].offset)
        return Phrase(terms: order.map { terms[$0] },
                      offsets: order.map { UInt32(truncatingIfNeeded: Int64(slots[$0].offset) - base) })
    }

    /// Start positions of every occurrence in one document.
    func occurrences(in db: Database, docid: UInt32) throws -> [UInt32] {
        var lists: [[UInt32]] = []
        lists.reserveCapacity(slots.count)
        for s in slots {
            switch s.slot {
            case let .term(b):
                lists.append(try db.positions(docid, term: b))
            case let .character(b):
                var all: [UInt32] = []
                for t in try db.documentTerms(docid, prefix: b) { all.append(contentsOf: try db.positions(docid, term: t)) }
                // Run ends: bigrams ending with the character (UTF-8 of two CJK characters is 6 or 8 bytes).
                for t in try db.documentTerms(docid, prefix: []) where Self.isBigram(t, endingWith: b) {
                    for p in try db.positions(docid, term: t) { all.append(p + 1) }
                }
                lists.append(Array(Set(all)).sorted())
            }
            if lists.last!.isEmpty { return [] }
        }
        var out: [UInt32] = []
        let base = slots[0].offset
        outer: for p in lists[0] {
            for k in 1..<slots.count {
                let want = p &+ (slots[k].offset - base)
                if !Self.contains(lists[k], want) { continue outer }
            }
            out.append(p)
        }
        return out
    }

    /// A term of exactly two CJK characters whose second one is `c` (UTF-8).
    static func isBigram(_ term: [UInt8], endingWith c: [UInt8]) -> Bool {
        guard term.count > c.count, term.count <= 8, term.suffix(c.count).elementsEqual(c) else { return false }
        let scalars = Array(String(decoding: term, as: UTF8.self).unicodeScalars)
        return scalars.count == 2 && Normalizer.isCJK(scalars[0]) && Normalizer.isCJK(scalars[1])
    }

    static func contains(_ sorted: [UInt32], _ v: UInt32) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == v
    }
}
