import CXapian

/// One search over a database: a query, weighting, sort order, facet spies
/// run with `matches`. No match decider: Xapian 1.4 refuses one over a remote shard.
public final class Enquire {
    let handle: OpaquePointer
    let database: Database

    public enum Sort: Sendable {
        case relevance
        case valueThenRelevance(slot: UInt32, descending: Bool)
        case value(slot: UInt32, descending: Bool)

        /// The shim's `cx_sort_by`, slot and `cx_sort_direction`.
        var c: (cx_sort_by, UInt32, cx_sort_direction) {
            func direction(_ descending: Bool) -> cx_sort_direction { descending ? CX_SORT_DESCENDING : CX_SORT_ASCENDING }
            switch self {
            case .relevance: return (CX_SORT_RELEVANCE, 0, CX_SORT_ASCENDING)
            case let .valueThenRelevance(slot, d): return (CX_SORT_VALUE_THEN_RELEVANCE, slot, direction(d))
            case let .value(slot, d): return (CX_SORT_VALUE, slot, direction(d))
            }
        }
    }

    public init(_ database: Database) throws {
        var out: OpaquePointer? = nil
        try check { cx_enquire_new(database.handle, &out, $0) }
        handle = out!
        self.database = database
    }

    deinit { cx_enquire_free(handle) }

    public func setQuery(_ query: Query) throws {
        try check { cx_enquire_set_query(handle, query.handle, $0) }
    }

    public func useBM25(k1: Double = 1.2, b: Double = 0.75) throws {
        try check { cx_enquire_set_weighting(handle, CX_WEIGHTING_BM25, k1, b, $0) }
    }

    public func useBooleanWeighting() throws {
        try check { cx_enquire_set_weighting(handle, CX_WEIGHTING_BOOLEAN, 0, 0, $0) }
    }

    public func setSort(_ sort: Sort) throws {
        let (by, slot, direction) = sort.c
        try check { cx_enquire_set_sort(handle, by, slot, direction, $0) }
    }

    func setDocidOrderAscending() throws {
        try check { cx_enquire_set_docid_order_ascending(handle, $0) }
    }

    /// Counts the values of `slot` over every matching document.
    public func addValueCountSpy(slot: UInt32) throws -> ValueCountSpy {
        var out: OpaquePointer? = nil
        try check { cx_enquire_add_value_count_spy(handle, slot, &out, $0) }
        return ValueCountSpy(handle: out!, owner: self)
    }

    /// Matches `first ..< first + maximum`; `checkAtLeast` = doccount makes totals exact.
    public func matches(first: Int, maximum: Int, checkAtLeast: Int) throws -> MatchSet {
        var out: OpaquePointer? = nil
        try check {
            cx_enquire_get_mset(handle, UInt32(clamping: first), UInt32(clamping: maximum), UInt32(clamping: checkAtLeast), &out, $0)
        }
        return MatchSet(handle: out!)
    }
}

public final class MatchSet {
    let handle: OpaquePointer
    init(handle: OpaquePointer) { self.handle = handle }
    deinit { cx_mset_free(handle) }

    public var count: Int { Int(cx_mset_size(handle)) }
    public var matchesEstimated: Int { Int(cx_mset_matches_estimated(handle)) }
    var matchesLowerBound: Int { Int(cx_mset_matches_lower_bound(handle)) }
    var matchesUpperBound: Int { Int(cx_mset_matches_upper_bound(handle)) }

    public func item(_ index: Int) throws -> (docid: UInt32, weight: Double) {
        var id: UInt32 = 0
        var w: Double = 0
        try check { cx_mset_item(handle, UInt32(index), &id, &w, $0) }
        return (id, w)
    }

    public func data(_ index: Int) throws -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        try check { cx_mset_item_data(handle, UInt32(index), &p, &n, $0) }
        return takeBytes(p, n)
    }

    /// The value the item was sorted by (empty unless sorted by a value slot). A remote shard
    /// sends it with the match set, where `data` costs a round trip per item.
    public func sortKey(_ index: Int) throws -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        try check { cx_mset_item_sort_key(handle, UInt32(index), &p, &n, $0) }
        return takeBytes(p, n)
    }
}

/// Facet counts gathered during a match; valid while its Enquire lives.
public final class ValueCountSpy {
    let handle: OpaquePointer
    let owner: Enquire
    init(handle: OpaquePointer, owner: Enquire) { self.handle = handle; self.owner = owner }

    public var total: Int { Int(cx_spy_total(handle)) }

    /// The `limit` most frequent values, most frequent first (only these become Swift strings).
    public func topValues(_ limit: Int) throws -> [(value: String, count: Int)] {
        let collector = StringCollector()
        try check { cx_spy_top_values(handle, UInt32(clamping: limit), collectString, Unmanaged.passUnretained(collector).toOpaque(), $0) }
        return collector.items.map { (String(decoding: $0.value, as: UTF8.self), Int($0.count)) }
    }

    public func values() throws -> [(value: String, count: Int)] {
        let collector = StringCollector()
        try check { cx_spy_values(handle, collectString, Unmanaged.passUnretained(collector).toOpaque(), $0) }
        return collector.items.map { (String(decoding: $0.value, as: UTF8.self), Int($0.count)) }
    }
}
