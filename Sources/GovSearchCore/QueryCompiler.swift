import Reports
import XapianKit

/// A parsed query ready to run: the Xapian queries, its text leaves, and the
/// sections named by `section:` filters.
///
/// Everything is a stock Xapian query (terms, phrases, wildcards, boolean
/// filter terms), so it runs unchanged over local and remote shards. A text
/// leaf restricted to sections is a phrase whose first term is the section
/// copy (`S<k>` + term, see DocumentBuilder): Xapian then matches exactly the
/// occurrences that start in section k, as the position ranges did.
struct CompiledQuery {
    /// What is run: weights of the query as written; matches exact unless `needsClientCheck`.
    var xapian: Query
    /// The match condition alone, weight 0 (exact, or a superset when `needsClientCheck`).
    var condition: Query
    var root: QueryNode?
    /// Text leaves in AST order; `patterns[i]` belongs to the i-th `.text` node.
    var patterns: [TextPattern]
    /// Leaves not under a NOT: the ones whose matches count for sections and snippets.
    var positive: [Int]
    /// Sections named by `section:` filters (empty: anywhere).
    var sections: Set<SectionKey>
    var hasText: Bool { !positive.isEmpty }
    /// Some pattern is beyond Xapian (gaps, a lone character inside a phrase):
    /// Xapian gives candidates and `DocumentMatcher` decides from positions.
    var needsClientCheck: Bool { patterns.contains { $0.needsPositionCheck } }

    /// The sections a facet or a hit can be counted in.
    var countableSections: [SectionKey] { SectionKey.allCases.filter { sections.isEmpty || sections.contains($0) } }

    /// Reports the query holds whose matches (for a filter-only query: whose
    /// sections) include section `key`; weight 0. Valid when `!needsClientCheck`.
    func inSection(_ key: SectionKey) throws -> Query {
        let where_: Query
        if hasText {
            let leaves = try positive.map { try patterns[$0].sectionQuery([key]) }
            where_ = leaves.count == 1 ? leaves[0] : try Query(.or, leaves)
        } else {
            where_ = Query(term: IndexSchema.sectionPrefix + key.rawValue)
        }
        return try Query(.filter, [where_, condition]).scaled(by: 0)
    }
}

struct QueryCompiler {
    let db: Database
    let original: String
    var patterns: [TextPattern] = []
    var positive: [Int] = []
    var sections = Set<SectionKey>()
    /// Every leaf's condition a mere superset (a subset under a NOT), for
    /// `DocumentMatcher` to decide each match: the tests' independent slow way.
    var positionsDecide = false

    /// What a text leaf becomes.
    enum Leaf {
        /// As written, without sections (the weights).
        case plain
        /// Exactly the reports the leaf holds for (section copies under `section:`),
        /// or for a pattern beyond Xapian a superset (a subset under a NOT).
        case condition
    }

    static func compile(_ query: String, db: Database, positionsDecide: Bool = false) throws -> CompiledQuery {
        guard let root = try QueryParser.parse(query) else {
            throw GovSearchError.badQuery(query: query, message: "empty query", position: nil)
        }
        var c = QueryCompiler(db: db, original: query)
        c.positionsDecide = positionsDecide
        let plain = try c.node(root, negated: false, leaf: .plain)
        let patterns = c.patterns, positive = c.positive
        c.patterns = []; c.positive = []
        let condition = try c.node(root, negated: false, leaf: .condition).scaled(by: 0)
        var compiled = CompiledQuery(xapian: plain, condition: condition, root: root, patterns: patterns,
                                     positive: positive, sections: c.sections)
        // The plain query is the condition itself in the usual case; otherwise
        // it only adds the weights to the condition's matches.
        if !compiled.sections.isEmpty || compiled.needsClientCheck || positionsDecide {
            compiled.xapian = try Query(.andMaybe, [condition, plain])
        }
        return compiled
    }

    mutating func node(_ n: QueryNode, negated: Bool, leaf: Leaf) throws -> Query {
        switch n {
        case let .text(raw):
            guard let p = TextPattern(raw) else {
                throw GovSearchError.badQuery(query: original, message: "'\(raw)' has no searchable characters", position: nil)
            }
            if !negated { positive.append(patterns.count) }
            patterns.append(p)
            if leaf == .plain { return try p.xapianQuery() }
            if p.needsPositionCheck || positionsDecide { return negated ? Query.matchNothing() : try p.xapianQuery() }
            return sections.isEmpty ? try p.xapianQuery() : try p.sectionQuery(SectionKey.allCases.filter(sections.contains))
        case let .filter(f):
            if case let .section(k) = f { sections.insert(k) }
            return try filter(f).scaled(by: 0)
        case let .not(inner):
            return try Query(.andNot, [Query.matchAll(), try node(inner, negated: !negated, leaf: leaf)])
        case let .or(parts):
            return try Query(.or, parts.map { try node($0, negated: negated, leaf: leaf) })
        case let .and(parts):
            var pos: [Query] = [], neg: [Query] = []
            for p in parts {
                if case let .not(inner) = p {
                    neg.append(try node(inner, negated: !negated, leaf: leaf))
                } else {
                    pos.append(try node(p, negated: negated, leaf: leaf))
                }
            }
            var q = pos.isEmpty ? Query.matchAll() : pos.count == 1 ? pos[0] : try Query(.and, pos)
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
        case let .level(v): return Query(term: IndexSchema.levelPrefix + v)
        case let .format(v): return Query(term: IndexSchema.formatPrefix + v)
        case let .section(k): return Query(term: IndexSchema.sectionPrefix + k.rawValue)
        }
    }

    func containing(_ value: String, prefix: String) throws -> [String] {
        let needle = value.lowercased()
        return try db.allTerms(prefix: prefix).map(\.term).filter { $0.dropFirst(prefix.count).lowercased().contains(needle) }
    }

    func anyOf(_ terms: [String]) throws -> Query {
        if terms.isEmpty { return Query.matchNothing() }
        if terms.count == 1 { return Query(term: terms[0]) }
        return try Query(.or, terms.map { Query(term: $0) })
    }
}
