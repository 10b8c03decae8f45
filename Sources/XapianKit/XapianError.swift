import CXapian

/// The one error type of the binding: what kind of failure (the shim's status code, decided
/// there by Xapian's exception class), and Xapian's message.
public struct XapianError: Error, CustomStringConvertible, Sendable {
    /// Mirrors `cx_status` (less `CX_OK`), one case per status.
    public enum Kind: Sendable, CaseIterable {
        /// The database cannot be opened: missing, not a database, or of an unsupported version.
        case opening
        /// Another writer holds the lock.
        case locked
        case corrupt
        /// The database changed under a reader: reopen and retry.
        case modified
        /// An invalid argument or operation, or an index out of range.
        case invalidArgument
        /// No such document.
        case notFound
        /// Any other database error: I/O error, disk full, read-only, closed.
        case database
        case outOfMemory
        /// A remote database is down or did not answer in time.
        case network
        /// Xapian cannot do this here (a match decider over a remote shard, in 1.4).
        case unimplemented
        /// A query Xapian cannot parse or expand.
        case query
        /// Bytes that do not decode (a serialised value, a remote message).
        case serialisation
        /// Any other Xapian error (an internal one, a feature not built in).
        case xapian
        /// A C++ exception that is not Xapian's.
        case other

        init(_ status: cx_status) {
            switch status {
            case CX_ERR_OPENING: self = .opening
            case CX_ERR_LOCK: self = .locked
            case CX_ERR_CORRUPT: self = .corrupt
            case CX_ERR_MODIFIED: self = .modified
            case CX_ERR_INVALID: self = .invalidArgument
            case CX_ERR_NOT_FOUND: self = .notFound
            case CX_ERR_DATABASE: self = .database
            case CX_ERR_MEMORY: self = .outOfMemory
            case CX_ERR_NETWORK: self = .network
            case CX_ERR_UNIMPLEMENTED: self = .unimplemented
            case CX_ERR_QUERY: self = .query
            case CX_ERR_SERIALISATION: self = .serialisation
            case CX_ERR_XAPIAN: self = .xapian
            default: self = .other
            }
        }

        /// The shim's code for this kind.
        var status: cx_status {
            switch self {
            case .opening: return CX_ERR_OPENING
            case .locked: return CX_ERR_LOCK
            case .corrupt: return CX_ERR_CORRUPT
            case .modified: return CX_ERR_MODIFIED
            case .invalidArgument: return CX_ERR_INVALID
            case .notFound: return CX_ERR_NOT_FOUND
            case .database: return CX_ERR_DATABASE
            case .outOfMemory: return CX_ERR_MEMORY
            case .network: return CX_ERR_NETWORK
            case .unimplemented: return CX_ERR_UNIMPLEMENTED
            case .query: return CX_ERR_QUERY
            case .serialisation: return CX_ERR_SERIALISATION
            case .xapian: return CX_ERR_XAPIAN
            case .other: return CX_ERR_OTHER
            }
        }
    }
    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The shim's status code (`cx_status`) of this error.
    public var code: Int { Int(kind.status.rawValue) }

    public var description: String { message }
}

/// Calls a shim function that reports failure through (status, err) and
/// turns a failure into a thrown XapianError.
@inline(__always)
func check(_ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> cx_status) throws {
    var err: UnsafeMutablePointer<CChar>? = nil
    let status = call(&err)
    if status == CX_OK { return }
    let message = err.map { String(cString: $0) } ?? "Xapian error \(status.rawValue)"
    cx_free(err)
    throw XapianError(kind: XapianError.Kind(status), message: message)
}

/// Takes ownership of a malloc'd (pointer, length) byte string.
func takeBytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8] {
    guard let pointer else { return [] }
    defer { cx_free(pointer) }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
}

func takeString(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> String {
    String(decoding: takeBytes(pointer, length), as: UTF8.self)
}

/// Collects the strings a shim enumeration passes to its callback.
final class StringCollector {
    var items: [(value: [UInt8], count: UInt32)] = []
}

let collectString: cx_string_callback = { bytes, length, count, context in
    let collector = Unmanaged<StringCollector>.fromOpaque(context!).takeUnretainedValue()
    let value = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []
    collector.items.append((value, count))
    return false
}

/// What `Database.forEachValue` hands each value to.
final class ValueVisitor {
    let body: (UInt32, [UInt8]) -> Void
    init(_ body: @escaping (UInt32, [UInt8]) -> Void) { self.body = body }
}

let visitValue: cx_value_callback = { docid, bytes, length, context in
    let visitor = Unmanaged<ValueVisitor>.fromOpaque(context!).takeUnretainedValue()
    visitor.body(docid, bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? [])
    return false
}

/// Runs `body` with a Swift string's UTF-8 bytes as the shim's (pointer, length).
@inline(__always)
func withBytes<R>(_ string: String, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    var s = string
    return try s.withUTF8 { buf in
        try body(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count)
    }
}

/// Runs `body` with a byte array as the shim's (pointer, length).
@inline(__always)
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    try bytes.withUnsafeBufferPointer { buf in
        try body(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count)
    }
}

/// A file path or host name for the shim, which takes them NUL-terminated: one holding a NUL
/// would silently name another file, so it is refused.
func checkedCString(_ s: String, _ what: String) throws -> String {
    if s.utf8.contains(0) { throw XapianError(kind: .invalidArgument, message: "\(what) contains a NUL byte") }
    return s
}
