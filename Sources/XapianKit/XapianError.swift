import CXapian

/// The one error type of the binding: what kind of failure, and Xapian's message.
public struct XapianError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case opening, locked, corrupt, modified, invalidArgument, notFound, io, outOfMemory, other
        /// A remote database is down or did not answer in time.
        case network
        /// Xapian cannot do this here (a match decider over a remote shard, in 1.4).
        case unimplemented
    }
    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func kind(of status: cx_status) -> Kind {
        switch status {
        case CX_ERR_OPENING: return .opening
        case CX_ERR_LOCK: return .locked
        case CX_ERR_CORRUPT: return .corrupt
        case CX_ERR_MODIFIED: return .modified
        case CX_ERR_INVALID: return .invalidArgument
        case CX_ERR_NOT_FOUND: return .notFound
        case CX_ERR_IO: return .io
        case CX_ERR_MEMORY: return .outOfMemory
        case CX_ERR_NETWORK: return .network
        case CX_ERR_UNIMPLEMENTED: return .unimplemented
        default: return .other
        }
    }
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
    throw XapianError(kind: XapianError.kind(of: status), message: message)
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
    return 0
}
