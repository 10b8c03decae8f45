import Reports
import XapianKit

/// A parsed query ready to run, answered by Xapian alone (no match decider, no position reads
/// in Swift): the exact query, and per section the query "a leaf not under a NOT matches
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
    /// The query again, matching the same reports, weighing each by where its positive leaves
    /// match: leaf i adds 2^(8i + k) when it matches inside the section of ordinal k
    /// (FixedWeightPostingSource, all else scaled by 0). One pass then gives every match's
    /// sections. Nil when the weights cannot say it (over 6 positive leaves, one under two NOTs).
    var sectionBits: Query?
    var hasText: Bool { !positive.isEmpty }

    /// The sections a `sectionBits` weight stands for.
    static func sections(ofBits weight: Double) -> Set<SectionKey> {
        var bits = UInt64(weight.rounded())
        var out = Set<SectionKey>()
        while bits != 0 {
            out.insert(SectionKey.allCases[bits.trailingZeroBitCount % 8])
            bits &= bits - 1
        }
        return out
    }
}

struct QueryCompiler {
    let db: Database
    let present: TermPresence
    let original: String
    var patterns: [TextPattern] = []
    var positive: [Int] = []
    /// Where text leaves must stand: the sections the query names anywhere (nil: anywhere).
    var scope: [SectionKey]?
    /// Per positive leaf, its query inside each section of the scope.
    var leafSections: [[SectionKey: Query]] = []
    /// Whether `sectionBits` can hold the answer (see there).
    var bitsUsable = true
    static let maxBitLeaves = 6

    static func namedSections(_ n: QueryNode) -> Set<SectionKey> {
        switch n {
        case .text: return []
        case let .filter(f): if case let .section(k) = f { return [k] } else { return [] }
        case let .not(inner): return namedSections(inner)
        case let .and(parts), let .or(parts): return parts.reduce(into: []) { $0.formUnion(namedSections($1)) }
        }
    }

    static func compile(_ query: String, db: Database, present: TermPresence? = nil) throws -> CompiledQuery {
        guard let root = try QueryParser.parse(query) else {
            throw GovSearchError.badQuery(query: query, message: "empty query", position: nil)
        }
        var c = QueryCompiler(db: db, present: present ?? TermPresence(db), original: query)
        let named = Self.namedSections(root)
        // A query naming a section means its text stands there (`section:requests 申请`).
        c.scope = named.isEmpty ? nil : SectionKey.allCases.filter(named.contains)
        let (q, bits) = try c.node(root, negated: false, nots: 0)
        var inSection: [SectionKey: Query] = [:]
        var sectionBits: Query? = c.bitsUsable && c.positive.count <= Self.maxBitLeaves ? bits : nil
        if c.positive.isEmpty {
            // No text: a report counts for the sections it has (within those named).
            let marks = try (c.scope ?? SectionKey.allCases).map { k in
                try Query(.and, [Query(term: IndexSchema.sectionPrefix + k.rawValue).scaled(by: 0), Query(fixedWeight: Self.bit(0, k))])
            }
            sectionBits = try Query(.andMaybe, [q.scaled(by: 0), marks.count == 1 ? marks[0] : Query(.or, marks)])
        }
        for k in c.scope ?? SectionKey.allCases {
            if c.positive.isEmpty {
                inSection[k] = try Query(term: IndexSchema.sectionPrefix + k.rawValue)
            } else {
                let parts = c.leafSections.compactMap { $0[k] }
                if !parts.isEmpty { inSection[k] = parts.count == 1 ? parts[0] : try Query(.or, parts) }
            }
        }
        return CompiledQuery(xapian: q, root: root, patterns: c.patterns, positive: c.positive,
                             sections: named, inSection: inSection, sectionBits: sectionBits)
    }

    /// The weight of positive leaf `leaf` matching inside section `k`.
    static func bit(_ leaf: Int, _ k: SectionKey) -> Double { Double(UInt64(1) << UInt64(8 * leaf + k.ordinal)) }

    /// The node's query, and the same query with `sectionBits` weights.
    /// - Parameter nots: how many NOTs stand above the node.
    mutating func node(_ n: QueryNode, negated: Bool, nots: Int) throws -> (Query, Query) {
        switch n {
        case let .text(raw):
            guard let p = TextPattern(raw) else {
                throw GovSearchError.badQuery(query: original, message: "'\(raw)' has no searchable characters", position: nil)
            }
            patterns.append(p)
            if !negated && nots > 0 { bitsUsable = false }  // its weight would fall under a NOT
            let leaf = positive.count
            let sections = scope ?? SectionKey.allCases
            let prefixes = scope.map { $0.map { IndexSchema.textPrefix($0) } } ?? IndexSchema.allTextPrefixes
            let forms = try p.perPrefix(prefixes, present: present)
            let main = try p.anywhere(forms, prefixes: prefixes, present: present)
            guard !negated else { return (main, main) }
            positive.append(patterns.count - 1)
            // Each form with the section its prefix stands for (nil: text outside every section).
            let keyed = forms.map { f in (key: sections.first { IndexSchema.textPrefix($0) == f.prefix }, query: f.query) }
            var per: [SectionKey: Query] = [:]
            for f in keyed { if let k = f.key { per[k] = f.query } }
            leafSections.append(per)
            guard bitsUsable && leaf < Self.maxBitLeaves else { return (main, main) }
            // The same reports as `main`: each section's form marked with its bit, text outside every
            // section (or across two, `crossesGaps`) weighing nothing.
            var marked: [Query] = p.crossesGaps || forms.isEmpty ? [try main.scaled(by: 0)] : []
            for f in keyed {
                if let k = f.key {
                    marked.append(try Query(.and, [f.query.scaled(by: 0), Query(fixedWeight: Self.bit(leaf, k))]))
                } else {
                    marked.append(try f.query.scaled(by: 0))
                }
            }
            return (main, marked.count == 1 ? marked[0] : try Query(.or, marked))
        case let .filter(f):
            let q = try filter(f).scaled(by: 0)
            return (q, q)
        case let .not(inner):
            let (m, _) = try node(inner, negated: !negated, nots: nots + 1)
            let all = try Query.matchAll()
            return (try Query(.andNot, [all, m]), try Query(.andNot, [all.scaled(by: 0), m]))
        case let .or(parts):
            let both = try parts.map { try node($0, negated: negated, nots: nots) }
            return (try Query(.or, both.map(\.0)), try Query(.or, both.map(\.1)))
        case let .and(parts):
            var pos: [(Query, Query)] = [], neg: [Query] = []
            for p in parts {
                if case let .not(inner) = p { neg.append(try node(inner, negated: !negated, nots: nots + 1).0) } else {
                    pos.append(try node(p, negated: negated, nots: nots))
                }
            }
            func combine(_ qs: [Query], scaleAll: Bool) throws -> Query {
                if qs.isEmpty { return scaleAll ? try Query.matchAll().scaled(by: 0) : try Query.matchAll() }
                return qs.count == 1 ? qs[0] : try Query(.and, qs)
            }
            var q = try combine(pos.map(\.0), scaleAll: false), b = try combine(pos.map(\.1), scaleAll: true)
            if !neg.isEmpty {
                let n = neg.count == 1 ? neg[0] : try Query(.or, neg)
                q = try Query(.andNot, [q, n])
                b = try Query(.andNot, [b, n])
            }
            return (q, b)
        }
    }

    /// Boolean terms for a filter, by its field's way of matching (`IndexSchema.fields`): years
    /// in a range and names containing the value are listed from the index and ORed.
    func filter(_ f: QueryFilter) throws -> Query {
        let (facet, value, range): (Facet, String, ClosedRange<Int>?) = {
            switch f {
            case let .year(r): return (.year, "", r)
            case let .agency(v): return (.agency, v, nil)
            case let .region(v): return (.region, v, nil)
            case let .level(v): return (.level, v, nil)
            case let .format(v): return (.format, v, nil)
            case let .section(k): return (.section, k.rawValue, nil)
            }
        }()
        let field = IndexSchema.field(facet)
        switch field.match {
        case .yearRange:
            let terms = try db.allTerms(prefix: field.termPrefix).map(\.term).filter { t in
                Int(t.dropFirst(field.termPrefix.count)).map { range?.contains($0) ?? false } ?? false
            }
            return try Self.anyOf(terms)
        case .containing: return try Self.anyOf(containing(value, prefix: field.termPrefix))
        case .exact: return try Query(term: field.termPrefix + value)
        }
    }

    func containing(_ value: String, prefix: String) throws -> [String] {
        let needle = value.lowercased()
        return try db.allTerms(prefix: prefix).map(\.term).filter { $0.dropFirst(prefix.count).lowercased().contains(needle) }
    }

    /// Reports holding any of these terms (none: no report).
    static func anyOf(_ terms: [String]) throws -> Query {
        if terms.isEmpty { return try Query.matchNothing() }
        if terms.count == 1 { return try Query(term: terms[0]) }
        return try Query(.or, terms.map { try Query(term: $0) })
    }
}
