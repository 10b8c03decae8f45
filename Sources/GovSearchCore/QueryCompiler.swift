import Reports
import XapianKit

/// A parsed query ready to run: the Xapian query, its text leaves, and the
/// section restriction that Xapian cannot express (checked per document).
struct CompiledQuery {
    var xapian: Query
    var root: QueryNode?
    /// Text leaves in AST order; `patterns[i]` belongs to the i-th `.text` node.
    var patterns: [TextPattern]
    /// Leaves not under a NOT: the ones whose matches count for sections and snippets.
    var positive: [Int]
    /// Sections named by `section:` filters (empty: anywhere).
    var sections: Set<SectionKey>
    var hasText: Bool { !positive.isEmpty }
    var needsExactCheck: Bool { !sections.isEmpty || patterns.contains { $0.needsPositionCheck } }
    /// Every leaf must match (no OR, no NOT): a document Xapian returns holds every phrase.
    var isConjunctive: Bool {
        func plain(_ n: QueryNode) -> Bool {
            switch n {
            case .text, .filter: return true
            case let .and(parts): return parts.allSatisfy(plain)
            case .or, .not: return false
            }
        }
        return root.map(plain) ?? true
    }
}

struct QueryCompiler {
    let db: Database
    let original: String
    var patterns: [TextPattern] = []
    var positive: [Int] = []
    var sections = Set<SectionKey>()
    /// The query names a section: a text leaf then means "in that section", which Xapian's own
    /// query for it (anywhere in the report) over-approximates.
    var restricted = false

    static func namesSection(_ n: QueryNode) -> Bool {
        switch n {
        case .text: return false
        case let .filter(f): if case .section = f { return true } else { return false }
        case let .not(inner): return namesSection(inner)
        case let .and(parts), let .or(parts): return parts.contains(where: namesSection)
        }
    }

    static func compile(_ query: String, db: Database) throws -> CompiledQuery {
        guard let root = try QueryParser.parse(query) else {
            throw GovSearchError.badQuery(query: query, message: "empty query", position: nil)
        }
        var c = QueryCompiler(db: db, original: query)
        c.restricted = Self.namesSection(root)
        let q = try c.node(root, negated: false)
        return CompiledQuery(xapian: q, root: root, patterns: c.patterns, positive: c.positive, sections: c.sections)
    }

    mutating func node(_ n: QueryNode, negated: Bool) throws -> Query {
        switch n {
        case let .text(raw):
            guard let p = TextPattern(raw) else {
                throw GovSearchError.badQuery(query: original, message: "'\(raw)' has no searchable characters", position: nil)
            }
            if !negated { positive.append(patterns.count) }
            patterns.append(p)
            // Under a NOT the query must exclude no report wrongly: where Xapian's query is only a
            // superset (a section restriction, gaps), it excludes nothing and DocumentMatcher decides
            // (`section:overview -复议` keeps the reports with 复议 outside the overview).
            if negated && (restricted || p.needsPositionCheck) { return try Query.matchNothing() }
            return try p.xapianQuery()
        case let .filter(f):
            if case let .section(k) = f { sections.insert(k) }
            return try filter(f).scaled(by: 0)
        case let .not(inner):
            return try Query(.andNot, [Query.matchAll(), try node(inner, negated: !negated)])
        case let .or(parts):
            return try Query(.or, parts.map { try node($0, negated: negated) })
        case let .and(parts):
            var pos: [Query] = [], neg: [Query] = []
            for p in parts {
                if case let .not(inner) = p { neg.append(try node(inner, negated: !negated)) } else { pos.append(try node(p, negated: negated)) }
            }
            var q = pos.isEmpty ? try Query.matchAll() : pos.count == 1 ? pos[0] : try Query(.and, pos)
            if !neg.isEmpty { q = try Query(.andNot, [q, neg.count == 1 ? neg[0] : try Query(.or, neg)]) }
            return q
        }
    }

    /// Boolean terms for a filter; names match by substring, so the values
    /// present in the index are listed and the matching ones ORed.
    func filter(_ f: QueryFilter) throws -> Query {
        switch f {
        case let .year(range):
            let terms = try db.allTerms(prefix: IndexSchema.yearPrefix).map(\.term).filter { t in
                Int(t.dropFirst(IndexSchema.yearPrefix.count)).map(range.contains) ?? false
            }
            return try anyOf(terms)
        case let .agency(v): return try anyOf(containing(v, prefix: IndexSchema.agencyPrefix))
        case let .region(v): return try anyOf(containing(v, prefix: IndexSchema.regionPrefix))
        case let .level(v): return try Query(term: IndexSchema.levelPrefix + v)
        case let .format(v): return try Query(term: IndexSchema.formatPrefix + v)
        case let .section(k): return try Query(term: IndexSchema.sectionPrefix + k.rawValue)
        }
    }

    func containing(_ value: String, prefix: String) throws -> [String] {
        let needle = value.lowercased()
        return try db.allTerms(prefix: prefix).map(\.term).filter { $0.dropFirst(prefix.count).lowercased().contains(needle) }
    }

    func anyOf(_ terms: [String]) throws -> Query {
        if terms.isEmpty { return try Query.matchNothing() }
        if terms.count == 1 { return try Query(term: terms[0]) }
        return try Query(.or, terms.map { try Query(term: $0) })
    }
}

/// Per-document evaluation of the query with positions: which sections each
/// leaf matches in, and whether the document satisfies the query when text
/// must stand in the `section:` sections.
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
        if compiled.hasText && compiled.isConjunctive && !compiled.needsExactCheck {
            return Result(accepted: true, sections: try quickSections(docid, ranges))
        }
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

    /// When Xapian has already proved that every phrase occurs, a phrase whose
    /// first term stands in one section only occurs there: one position list
    /// instead of one per term (the section facet reads this for every match).
    private func quickSections(_ docid: UInt32, _ ranges: SectionRanges) throws -> Set<SectionKey> {
        var out = Set<SectionKey>()
        for p in compiled.patterns {
            guard case let .term(first) = p.slots[0].slot else {
                for pos in try p.occurrences(in: db, docid: docid) { if let k = ranges.section(at: pos) { out.insert(k) } }
                continue
            }
            var firstSections = Set<SectionKey>()
            for pos in try db.positions(docid, term: first) { if let k = ranges.section(at: pos) { firstSections.insert(k) } }
            if p.slots.count == 1 || firstSections.count <= 1 {
                out.formUnion(firstSections)
            } else {
                for pos in try p.occurrences(in: db, docid: docid) { if let k = ranges.section(at: pos) { out.insert(k) } }
            }
        }
        return out
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
