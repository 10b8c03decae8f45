import Reports
import XapianKit

/// The section facet of a query that Xapian answers exactly (every leaf a
/// phrase of whole terms, all of them required): the matches are collected
/// while Xapian matches, then each phrase is placed in the sections of every
/// match in one call to the shim, which reads positions a term at a time in
/// document order. Checking document by document instead jumps between the
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
        @inline(__always) func u32(_ at: Int) -> UInt32 {
            UInt32(v[at]) | UInt32(v[at + 1]) << 8 | UInt32(v[at + 2]) << 16 | UInt32(v[at + 3]) << 24
        }
        let mark = starts.count
        var ordered = true, tiled = true
        var i = 0, last: UInt32 = 0
        while i + 9 <= v.count && starts.count - mark < 64 {
            let ord = v[i]
            let s = u32(i + 1), e = u32(i + 5)
            if Int(ord) < SectionKey.allCases.count {
                if s < last { ordered = false }
                // Tiled: the first range starts at or before the first position a
                // token can have (1, see Tokenizer), each other where the previous ends.
                if starts.count == mark ? s > 1 : s != last { tiled = false }
                starts.append(s); ends.append(e); keys.append(ord)
                last = e
            }
            i += 9
        }
        if !ordered || i + 9 <= v.count {  // out of order, or over 64 ranges
            starts.removeSubrange(mark...); ends.removeSubrange(mark...); keys.removeSubrange(mark...)
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
            let masks = try db.phraseIntervals(phrase, docids: docids, first: first, starts: starts, ends: ends, assumePresent: assume)
            for (i, mask) in masks.enumerated() where mask != 0 {
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
}
