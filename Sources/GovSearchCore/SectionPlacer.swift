import Reports
import XapianKit

/// A phrase of whole terms to place: the first term leads; `offsets[k]` is
/// term k's position relative to it (a term before it wraps around: the sum
/// with a position wraps back).
struct Phrase {
    let terms: [[UInt8]]
    let offsets: [UInt32]
}

/// The section facet of a query that Xapian answers exactly (every leaf a
/// phrase of whole terms, all of them required): the matches are collected
/// while Xapian matches, then each phrase is placed in the sections of every
/// match, reading positions a term at a time in document order (one shim
/// call a term). Checking document by document instead jumps between the
/// terms' parts of the position table and costs a disk block read per check.
struct SectionPlacer {
    let phrases: [Phrase]
    /// The matches, ascending, with their section ranges flattened.
    private(set) var docids: [UInt32] = []
    private var first: [UInt32] = [0]
    private var starts: [UInt32] = [], ends: [UInt32] = []
    private var keys: [UInt8] = []  // SectionKey ordinals, one per range
    private var assume: [UInt8] = []
    /// False when Xapian handed the matches out of document order (the shim needs them ascending).
    private(set) var ascending = true
    /// Indices of matches whose ranges could not be passed on (over 64, out of order): placed by `DocumentMatcher`.
    private(set) var unplaced: [Int] = []

    /// Nil when some leaf is not a phrase of whole terms (lone characters are checked in Swift).
    init?(_ compiled: CompiledQuery, db: Database) throws {
        guard compiled.hasText, compiled.isConjunctive, !compiled.needsExactCheck else { return nil }
        var phrases: [Phrase] = []
        for p in compiled.patterns {
            guard let phrase = try p.phrase(in: db) else { return nil }
            phrases.append(phrase)
        }
        self.phrases = phrases
        docids.reserveCapacity(1024)
    }

    /// Records one match and its section ranges value (see `SectionRanges`).
    mutating func add(_ docid: UInt32, sectionsValue v: [UInt8]) {
        let ranges = SectionRanges(decoding: v).ranges
        var ordered = true, tiled = true
        var last: UInt32 = 0
        for (k, r) in ranges.enumerated() {
            if r.start < last { ordered = false }
            // Tiled: the first range starts at or before the first position a
            // token can have (1, see Tokenizer), each other where the previous ends.
            if k == 0 ? r.start > 1 : r.start != last { tiled = false }
            last = r.end
        }
        if ordered && ranges.count <= 64 {
            for r in ranges { starts.append(r.start); ends.append(r.end); keys.append(UInt8(r.key.ordinal)) }
        } else {  // out of order, or over 64 ranges
            tiled = false
            unplaced.append(docids.count)
        }
        if let previous = docids.last, docid <= previous { ascending = false }
        docids.append(docid)
        first.append(UInt32(starts.count))
        assume.append(tiled && last == .max ? 1 : 0)
    }

    /// For each recorded match, the sections (as bits of `SectionKey` ordinals) holding some phrase.
    func place(in db: Database) throws -> [UInt16] {
        var sections = [UInt16](repeating: 0, count: docids.count)
        for phrase in phrases {
            for (i, mask) in try intervals(of: phrase, in: db).enumerated() where mask != 0 {
                var m = mask
                let base = Int(first[i])
                while m != 0 {
                    sections[i] |= 1 << UInt16(keys[base + m.trailingZeroBitCount])
                    m &= m - 1
                }
            }
        }
        return sections
    }

    /// For each match, which of its ranges hold an occurrence of `phrase`
    /// (bit j for its j-th range). The leading term's positions place the
    /// phrase alone where they all stand in one range of a match Xapian found
    /// (and whose ranges cover every position); the other terms are read only
    /// for the matches that still need them.
    private func intervals(of phrase: Phrase, in db: Database) throws -> [UInt64] {
        var masks = [UInt64](repeating: 0, count: docids.count)
        guard !docids.isEmpty else { return masks }
        let lead = try db.positions(of: phrase.terms[0], in: docids)
        @inline(__always) func ranges(_ i: Int) -> Range<Int> { Int(first[i])..<Int(first[i + 1]) }
        var open: [Int] = []
        for i in docids.indices {
            let r = ranges(i)
            var c: UInt64 = 0
            var j = r.lowerBound
            for p in lead.positions[lead.begins[i]..<lead.begins[i + 1]] {
                while j < r.upperBound && ends[j] <= p { j += 1 }
                if j == r.upperBound { break }
                if p >= starts[j] { c |= 1 << UInt64(j - r.lowerBound) }
            }
            if c == 0 || phrase.terms.count == 1 || (assume[i] == 1 && c & (c - 1) == 0) { masks[i] = c } else { open.append(i) }
        }
        guard !open.isEmpty else { return masks }
        let openDocids = open.map { docids[$0] }
        let rest = try phrase.terms.dropFirst().map { try db.positions(of: $0, in: openDocids) }
        for (o, i) in open.enumerated() {
            let r = ranges(i)
            var found: UInt64 = 0
            var j = r.lowerBound
            for p in lead.positions[lead.begins[i]..<lead.begins[i + 1]] {
                while j < r.upperBound && ends[j] <= p { j += 1 }
                if j == r.upperBound || p < starts[j] || found >> UInt64(j - r.lowerBound) & 1 == 1 { continue }
                let allThere = rest.indices.allSatisfy { t in
                    let l = rest[t]
                    return l.positions[l.begins[o]..<l.begins[o + 1]].binarySearchContains(p &+ phrase.offsets[t + 1])
                }
                if allThere { found |= 1 << UInt64(j - r.lowerBound) }
            }
            masks[i] = found
        }
        return masks
    }
}

extension ArraySlice where Element == UInt32 {
    /// Whether the ascending slice holds `v`.
    func binarySearchContains(_ v: UInt32) -> Bool {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < endIndex && self[lo] == v
    }
}
