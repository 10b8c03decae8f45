import Reports
import XapianKit

/// Per-document evaluation of the query with positions: which sections each
/// leaf matches in, and whether the document satisfies the query when text
/// must stand in the `section:` sections. The slow way: one position-list
/// read per term and document (a round trip each on a remote shard). Searches
/// use it only for patterns Xapian cannot match exactly (`needsClientCheck`);
/// the tests compare every native answer with it.
struct DocumentMatcher {
    let db: Database
    let compiled: CompiledQuery

    struct Result {
        var accepted: Bool
        /// Sections in which a positive leaf matches (the report's sections for a filter-only query).
        var sections: Set<SectionKey>
    }

    /// - Parameter sectionsValue: the document's section ranges value when the caller has it.
    func evaluate(_ docid: UInt32, sectionsValue: [UInt8]? = nil) throws -> Result {
        let ranges = SectionRanges(decoding: try sectionsValue ?? db.value(docid, slot: IndexSchema.sectionsSlot))
        // Sections where each leaf occurs.
        var leafSections: [Set<SectionKey>] = []
        var leafAnywhere: [Bool] = []
        for p in compiled.patterns {
            let occ = try p.occurrences(in: db, docid: docid)
            var s = Set<SectionKey>()
            for pos in occ { if let k = ranges.section(at: pos) { s.insert(k) } }
            leafSections.append(s)
            leafAnywhere.append(!occ.isEmpty)
        }
        var leafIndex = 0
        let accepted = try compiled.root.map { try eval($0, docid, ranges, leafSections, leafAnywhere, &leafIndex) } ?? true
        var sections = Set<SectionKey>()
        if compiled.hasText {
            for i in compiled.positive { sections.formUnion(leafSections[i]) }
            if !compiled.sections.isEmpty { sections.formIntersection(compiled.sections) }
        } else {
            sections = Set(ranges.ranges.map(\.key))
            if !compiled.sections.isEmpty { sections.formIntersection(compiled.sections) }
        }
        return Result(accepted: accepted, sections: sections)
    }

    private func eval(_ n: QueryNode, _ docid: UInt32, _ ranges: SectionRanges, _ leafSections: [Set<SectionKey>],
                      _ leafAnywhere: [Bool], _ leaf: inout Int) throws -> Bool {
        switch n {
        case .text:
            let i = leaf
            leaf += 1
            if compiled.sections.isEmpty { return leafAnywhere[i] }
            return !leafSections[i].isDisjoint(with: compiled.sections)
        case let .filter(f):
            return try filterHolds(f, docid, ranges)
        case let .not(inner):
            return try !eval(inner, docid, ranges, leafSections, leafAnywhere, &leaf)
        case let .and(parts):
            var ok = true
            for p in parts where !(try eval(p, docid, ranges, leafSections, leafAnywhere, &leaf)) { ok = false }
            return ok
        case let .or(parts):
            var ok = false
            for p in parts where try eval(p, docid, ranges, leafSections, leafAnywhere, &leaf) { ok = true }
            return ok
        }
    }

    private func filterHolds(_ f: QueryFilter, _ docid: UInt32, _ ranges: SectionRanges) throws -> Bool {
        func value(_ slot: UInt32) throws -> String { String(decoding: try db.value(docid, slot: slot), as: UTF8.self) }
        switch f {
        case let .section(k): return ranges.ranges.contains { $0.key == k }
        case let .year(r): return Int(try value(IndexSchema.yearSlot)).map(r.contains) ?? false
        case let .agency(v): return try value(IndexSchema.agencySlot).lowercased().contains(v.lowercased())
        case let .region(v): return try value(IndexSchema.regionSlot).lowercased().contains(v.lowercased())
        case let .level(v): return try value(IndexSchema.levelSlot) == v
        case let .format(v): return try value(IndexSchema.formatSlot) == v
        }
    }
}
