import Reports
import XapianKit

/// A text leaf Xapian's phrase can only over-approximate (punctuation inside it, where the
/// index holds nothing, and a lone character before it), made exact for Xapian: the reports its
/// superset query finds (`TextPattern.superset`: the terms in order within the pattern's span)
/// are checked once, by their positions, and the answer becomes that query narrowed by the
/// reports' id terms (`Q…`). Whatever runs the query after (a remote shard included) needs no
/// per-document check. Costs one position read per candidate report, slot and prefix (over a
/// remote shard, a round trip each): fine while the superset is selective, slow for common
/// words around punctuation over a large index (see docs/scaling.md).
struct ExactLeaf {
    /// The leaf anywhere in its scope (straddling sections).
    let anywhere: Query
    /// The leaf inside each section of the scope (empty unless asked for).
    let inSection: [SectionKey: Query]

    /// - Parameters:
    ///   - scope: the sections the leaf must stand in (nil: anywhere).
    ///   - perSection: also answer "inside section k" for each section of the scope.
    ///   - present: the terms the index holds (a slot's forms it lacks are not read per report).
    init(_ pattern: TextPattern, db: Database, scope: [SectionKey]?, perSection: Bool, present: TermPresence? = nil) throws {
        let sections = scope ?? SectionKey.allCases
        let prefixes: [[UInt8]] = scope.map { $0.map { IndexSchema.textPrefix($0) } } ?? IndexSchema.allTextPrefixes
        // prefix index of section k in `prefixes`
        let sectionIndex: [SectionKey: Int] = Dictionary(uniqueKeysWithValues: sections.map { k in
            (k, prefixes.firstIndex(of: IndexSchema.textPrefix(k))!)
        })
        let superset = try pattern.xapianQuery(prefixes: prefixes, present: present)

        var accepted: [String] = [], rejected: [String] = []
        var acceptedIn: [SectionKey: [String]] = [:], rejectedIn: [SectionKey: [String]] = [:]
        let enquire = try Enquire(db)
        try enquire.setQuery(superset)
        try enquire.useBooleanWeighting()
        let n = max(try db.documentCount(), 1)
        let mset = try enquire.matches(first: 0, maximum: n, checkAtLeast: n)
        for i in 0..<mset.count {
            let docid = try mset.item(i).docid
            let id = String(decoding: try db.value(docid, slot: IndexSchema.idSlot), as: UTF8.self)
            let lists = try pattern.slotPositions(in: db, docid: docid, prefixes: prefixes, present: present)
            let merged = lists.map { perPrefix in
                perPrefix.count == 1 ? perPrefix[0].positions : Array(Set(perPrefix.flatMap(\.positions))).sorted()
            }
            if pattern.hasOccurrence(merged) { accepted.append(id) } else { rejected.append(id) }
            guard perSection else { continue }
            for (k, j) in sectionIndex {
                // The section's own superset must match for the report to matter there.
                guard lists.allSatisfy({ $0[j].present }) else { continue }
                if pattern.hasOccurrence(lists.map { $0[j].positions }) { acceptedIn[k, default: []].append(id) } else {
                    rejectedIn[k, default: []].append(id)
                }
            }
        }
        anywhere = try Self.narrow(superset, accepted, rejected)
        var inSection: [SectionKey: Query] = [:]
        if perSection {
            for k in sections where !(acceptedIn[k] ?? []).isEmpty {
                let q = try pattern.xapianQuery(prefixes: [IndexSchema.textPrefix(k)], present: present)
                inSection[k] = try Self.narrow(q, acceptedIn[k] ?? [], rejectedIn[k] ?? [])
            }
        }
        self.inSection = inSection
    }

    /// `superset` narrowed to the accepted reports, naming whichever list is shorter.
    static func narrow(_ superset: Query, _ accepted: [String], _ rejected: [String]) throws -> Query {
        if accepted.isEmpty { return try Query.matchNothing() }
        if rejected.isEmpty { return superset }
        func ids(_ list: [String]) throws -> Query { try QueryCompiler.anyOf(list.map { IndexSchema.idPrefix + $0 }) }
        if accepted.count <= rejected.count { return try Query(.filter, [superset, ids(accepted)]) }
        return try Query(.andNot, [superset, ids(rejected)])
    }
}

extension TextPattern {
    /// Positions of each slot in one document under each prefix, and whether its query term (or
    /// wildcard) is present there at all (a run end without position counts as present).
    func slotPositions(in db: Database, docid: UInt32, prefixes: [[UInt8]],
                       present: TermPresence? = nil) throws -> [[(positions: [UInt32], present: Bool)]] {
        var out: [[(positions: [UInt32], present: Bool)]] = []
        out.reserveCapacity(slots.count)
        var termList: [[UInt8]]?  // the report's terms, read once for its character slots
        for (index, s) in slots.enumerated() {
            var row: [(positions: [UInt32], present: Bool)] = []
            if case let .character(c) = s.slot {
                // One pass over the report's terms: per prefix, the terms starting with the character
                // (at their position) and, where it may end a run, the bigrams ending with it (one after).
                if termList == nil { termList = try db.documentTerms(docid, prefix: []) }
                let afterWord = startsRun(index)  // then it starts a run
                var starting = [[[UInt8]]](repeating: [], count: prefixes.count)
                var ending = [[[UInt8]]](repeating: [], count: prefixes.count)
                for t in termList! {
                    guard let j = prefixes.firstIndex(where: { Self.hasForm(t, prefix: $0) }) else { continue }
                    let body = t.dropFirst(prefixes[j].count)
                    if body.starts(with: c) { starting[j].append(t) } else if !afterWord && Self.isBigram(body, endingWith: c) { ending[j].append(t) }
                }
                for j in prefixes.indices {
                    var all: [UInt32] = []
                    for t in starting[j] { all.append(contentsOf: try db.positions(docid, term: t)) }
                    for t in ending[j] { for p in try db.positions(docid, term: t) { all.append(p + 1) } }
                    row.append((Array(Set(all)).sorted(), !starting[j].isEmpty))
                }
            } else if case let .term(b) = s.slot {
                for prefix in prefixes {
                    if let present, !(try present.contains(prefix + b)) { row.append(([], false)); continue }
                    let p = try db.positions(docid, term: prefix + b)
                    row.append((p, !p.isEmpty))
                }
            }
            out.append(row)
        }
        return out
    }

    /// Whether a text term stands under `prefix`: a section letter, or none (then the term starts
    /// with an ideograph, a digit or a lower-case letter, never a section letter or Q, X, Y).
    static func hasForm(_ term: [UInt8], prefix: [UInt8]) -> Bool {
        guard let first = term.first else { return false }
        if prefix.isEmpty { return !(first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) }
        return term.starts(with: prefix)
    }

    /// Whether the slots' positions (ascending, one list per slot) hold an occurrence.
    func hasOccurrence(_ lists: [[UInt32]]) -> Bool {
        guard let first = lists.first else { return false }
        let base = slots[0].offset
        outer: for p in first {
            for k in 1..<slots.count {
                if !Self.contains(lists[k], p &+ (slots[k].offset - base)) { continue outer }
            }
            return true
        }
        return false
    }
}
