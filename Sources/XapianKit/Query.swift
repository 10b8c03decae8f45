import CXapian

/// An immutable Xapian query.
public final class Query: CustomStringConvertible {
    let handle: OpaquePointer

    public enum Operator: Sendable {
        case and, or, andNot, filter, phrase, andMaybe
        /// One term for the weighting: the parts' postings as if they were one term's.
        case synonym
        var c: cx_query_op {
            switch self {
            case .and: return CX_OP_AND
            case .or: return CX_OP_OR
            case .andNot: return CX_OP_AND_NOT
            case .filter: return CX_OP_FILTER
            case .phrase: return CX_OP_PHRASE
            case .andMaybe: return CX_OP_AND_MAYBE
            case .synonym: return CX_OP_SYNONYM
            }
        }
    }

    init(handle: OpaquePointer) { self.handle = handle }

    /// Runs a shim constructor; a failure throws Xapian's message (never a NULL handle).
    private static func make(_ construct: (UnsafeMutablePointer<OpaquePointer?>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> cx_status) throws -> OpaquePointer {
        var out: OpaquePointer? = nil
        try check { construct(&out, $0) }
        return out!
    }

    deinit { cx_query_free(handle) }

    public static func matchAll() throws -> Query { Query(handle: try make { cx_query_match_all($0, $1) }) }
    public static func matchNothing() throws -> Query { Query(handle: try make { cx_query_match_nothing($0, $1) }) }

    public convenience init(term: String, wqf: UInt32 = 1, position: UInt32 = 0) throws {
        let h = try withBytes(term) { t, n in try Self.make { cx_query_term(t, n, wqf, position, $0, $1) } }
        self.init(handle: h)
    }

    /// Every term that starts with `prefix`, as one synonym.
    public convenience init(wildcard prefix: String) throws {
        let h = try withBytes(prefix) { t, n in try Self.make { cx_query_wildcard(t, n, $0, $1) } }
        self.init(handle: h)
    }

    /// Every document, weighing `weight` whatever the weighting scheme (ANDed with a query
    /// scaled by 0, it marks that query's matches with a weight of its own).
    public convenience init(fixedWeight weight: Double) throws {
        self.init(handle: try Self.make { cx_query_fixed_weight(weight, $0, $1) })
    }

    /// Documents whose value in `slot` lies in `low ... high` (compared as bytes).
    public convenience init(valueIn slot: UInt32, from low: String, to high: String) throws {
        let h = try withBytes(low) { l, ln in
            try withBytes(high) { hgh, hn in try Self.make { cx_query_value_range(slot, l, ln, hgh, hn, $0, $1) } }
        }
        self.init(handle: h)
    }

    /// Combines `parts`; a `window` other than 0 is for `.phrase` only (Xapian refuses it elsewhere).
    public convenience init(_ op: Operator, _ parts: [Query], window: UInt32 = 0) throws {
        let handles: [OpaquePointer?] = parts.map { $0.handle }
        let h = try withExtendedLifetime(parts) {
            try handles.withUnsafeBufferPointer { buf in
                try Self.make { cx_query_combine(op.c, buf.baseAddress, buf.count, window, $0, $1) }
            }
        }
        self.init(handle: h)
    }

    /// The same query with its weight multiplied by `factor` (0: boolean; Xapian refuses factor < 0).
    public func scaled(by factor: Double) throws -> Query {
        Query(handle: try Self.make { cx_query_scale(handle, factor, $0, $1) })
    }

    /// Xapian's description; should Xapian fail to give one, the failure's message in its place.
    public var description: String {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        do {
            try check { cx_query_description(handle, &p, &n, $0) }
        } catch {
            return "Query(<no description: \(error)>)"
        }
        return takeString(p, n)
    }
}
