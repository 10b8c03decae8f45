import Reports
import XapianKit

/// A parsed query ready to run, answered by Xapian alone (no match decider, no position reads
/// but `ExactLeaf`'s): the exact query, and per section the query "a leaf not under a NOT matches
/// in that section", which the section facet and a hit's sections combine with it.
struct CompiledQuery {
    var xapian: Query
    var root: QueryNode?
    /// Text leaves in AST order; `patterns[i]` belongs to the i-th `.text` node.
    var patterns: [TextPattern]
    /// Leaves not under a NOT: the ones whose matches count for sections and snippets.
    var positive: [Int]
    /// Sections named by `section:` filters (empty: anywhere).
    var sections: Set<SectionKey>
    /// Per section: the positive leaves ORed, each inside that section (no text: the report has
    /// the section). Absent: no match can count for that section.
    var inSection: [SectionKey: Query]
    var hasText: Bool { !positive.isEmpty }
}

struct QueryCompiler {
    let db: Database
    let original: String
    var patterns: [TextPattern] = []
    var positive: [Int] = []
    /// Where text leaves must stand: the sections the query names anywhere (nil: anywhere).
    var scope: [SectionKey]?
    /// Per positive leaf, its query inside each section of the scope.
    var leafSections: [[SectionKey: Query]] = []

    static func namedSections(_ n: QueryNode) -> Set<SectionKey> {
        switch n {
        case .text: return []
        case let .filter(f): if case let .section(k) = f { return [k] } else { return [] }
        case let .not(inner): return namedSections(inner)
        case let .and(parts), let .or(parts): return parts.reduce(into: []) { $0.formUnion(namedSections($1)) }
        }
    }

    static func compile(_ query: String, db: Database) throws -> CompiledQuery {
        guard let root = try QueryParser.parse(query) else {
            throw GovSearchError.badQuery(query: query, message: "empty query", position: nil)
        }
        var c = QueryCompiler(db: db, original: query)
        let named = Self.namedSections(root)
        // A query naming a section means its text stands there (`section:requests 申请`).
        c.scope = named.isEmpty ? nil : SectionKey.allCases.filter(named.contains)
        let q = try c.node(root, negated: false)
        var inSection: [SectionKey: Query] = [:]
        for k in c.scope ?? SectionKey.allCases {
            if c.positive.isEmpty {
                inSection[k] = try Query(term: IndexSchema.sectionPrefix + k.rawValue)
            } else {
                let parts = c.leafSections.compactMap { $0[k] }
                if !parts.isEmpty { inSection[k] = parts.count == 1 ? parts[0] : try Query(.or, parts) }
            }
        }
        return CompiledQuery(xapian: q, root: root, patterns: c.patterns, positive: c.positive,
                             sections: named, inSection: inSection)
    }

    mutating func node(_ n: QueryNode, negated: Bool) throws -> Query {
        switch n {
        case let .text(raw):
            guard let p = TextPattern(raw) else {
                throw GovSearchError.badQuery(query: original, message: "'\(raw)' has no searchable characters", position: nil)
            }
            patterns.append(p)
            let sections = scope ?? SectionKey.allCases
            if p.needsPositionCheck {
                let exact = try ExactLeaf(p, db: db, scope: scope, perSection: !negated)
                if !negated { positive.append(patterns.count - 1); leafSections.append(exact.inSection) }
                return exact.anywhere
            }
            if !negated {
                positive.append(patterns.count - 1)
                var per: [SectionKey: Query] = [:]
                for k in sections { per[k] = try p.xapianQuery(prefixes: [IndexSchema.textPrefix(k)]) }
                leafSections.append(per)
            }
            let prefixes = scope.map { $0.map { IndexSchema.textPrefix($0) } } ?? IndexSchema.allTextPrefixes
            return try p.xapianQuery(prefixes: prefixes)
        case let .filter(f):
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
