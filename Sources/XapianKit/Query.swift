import CXapian

/// An immutable Xapian query.
public final class Query: CustomStringConvertible {
    let handle: OpaquePointer

    public enum Operator: Sendable {
        case and, or, andNot, filter, phrase, andMaybe
        var c: cx_query_op {
            switch self {
            case .and: return CX_OP_AND
            case .or: return CX_OP_OR
            case .andNot: return CX_OP_AND_NOT
            case .filter: return CX_OP_FILTER
            case .phrase: return CX_OP_PHRASE
            case .andMaybe: return CX_OP_AND_MAYBE
            }
        }
    }

    init(handle: OpaquePointer?) {
        guard let handle else { fatalError("out of memory building a Xapian query") }
        self.handle = handle
    }

    deinit { cx_query_free(handle) }

    public static func matchAll() -> Query { Query(handle: cx_query_match_all()) }
    public static func matchNothing() -> Query { Query(handle: cx_query_match_nothing()) }

    public convenience init(term: String, wqf: UInt32 = 1, position: UInt32 = 0) {
        var t = term
        let h = t.withUTF8 { buf in
            cx_query_term(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, wqf, position)
        }
        self.init(handle: h)
    }

    /// Every term that starts with `prefix`, as one synonym.
    public convenience init(wildcard prefix: String) {
        var t = prefix
        let h = t.withUTF8 { buf in
            cx_query_wildcard(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count)
        }
        self.init(handle: h)
    }

    public convenience init(_ op: Operator, _ parts: [Query], window: UInt32 = 0) throws {
        var out: OpaquePointer? = nil
        let handles: [OpaquePointer?] = parts.map { $0.handle }
        try handles.withUnsafeBufferPointer { buf throws in
            try check { cx_query_combine(op.c, buf.baseAddress, buf.count, window, &out, $0) }
        }
        withExtendedLifetime(parts) {}
        self.init(handle: out)
    }

    /// The same query with its weight multiplied by `factor` (0: boolean).
    public func scaled(by factor: Double) throws -> Query {
        var out: OpaquePointer? = nil
        try check { cx_query_scale(handle, factor, &out, $0) }
        return Query(handle: out)
    }

    public var description: String {
        guard let p = cx_query_description(handle) else { return "Query()" }
        defer { cx_free(p) }
        return String(cString: p)
    }
}
