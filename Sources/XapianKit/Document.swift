import CXapian

/// A document being built for indexing, or one read back from a database.
public final class Document {
    let handle: OpaquePointer

    public init() throws {
        var out: OpaquePointer? = nil
        try check { cx_document_new(&out, $0) }
        handle = out!
    }

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { cx_document_free(handle) }

    /// Adds a positional term given as UTF-8 bytes; empty or over-long terms are refused.
    @inline(__always)
    public func addPosting(_ term: UnsafeBufferPointer<UInt8>, position: UInt32, wdfIncrement: UInt32 = 1) throws {
        try validate(term.count)
        try check { cx_document_add_posting(handle, UnsafeRawPointer(term.baseAddress!).assumingMemoryBound(to: CChar.self), term.count, position, wdfIncrement, $0) }
    }

    public func addPosting(_ term: String, position: UInt32, wdfIncrement: UInt32 = 1) throws {
        var t = term
        try t.withUTF8 { buf throws in try addPosting(buf, position: position, wdfIncrement: wdfIncrement) }
    }

    /// Adds a term without position (wdf only).
    public func addTerm(_ term: UnsafeBufferPointer<UInt8>, wdfIncrement: UInt32 = 1) throws {
        try validate(term.count)
        try check { cx_document_add_term(handle, UnsafeRawPointer(term.baseAddress!).assumingMemoryBound(to: CChar.self), term.count, wdfIncrement, $0) }
    }

    /// Adds a filter term (no position, no weight).
    public func addBooleanTerm(_ term: String) throws {
        var t = term
        try t.withUTF8 { buf throws in
            try validate(buf.count)
            try check { cx_document_add_boolean_term(handle, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), buf.count, $0) }
        }
    }

    /// Removes a term and its positions; throws `.invalidArgument` when the document lacks it.
    public func removeTerm(_ term: String) throws {
        var t = term
        try t.withUTF8 { buf throws in
            try validate(buf.count)
            try check { cx_document_remove_term(handle, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), buf.count, $0) }
        }
    }

    /// The number of distinct terms (what the writer holds in memory for it until the next commit).
    public func termCount() throws -> Int {
        var n: UInt32 = 0
        try check { cx_document_termlist_count(handle, &n, $0) }
        return Int(n)
    }

    public func setValue(_ slot: UInt32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buf throws in
            try check { cx_document_set_value(handle, slot, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, $0) }
        }
    }

    public func setValue(_ slot: UInt32, _ string: String) throws {
        try setValue(slot, Array(string.utf8))
    }

    public func value(_ slot: UInt32) throws -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        try check { cx_document_get_value(handle, slot, &p, &n, $0) }
        return takeBytes(p, n)
    }

    public func setData(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buf throws in
            try check { cx_document_set_data(handle, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, $0) }
        }
    }

    public func data() throws -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        try check { cx_document_get_data(handle, &p, &n, $0) }
        return takeBytes(p, n)
    }

    /// Terms of this document that start with `prefix`.
    public func terms(prefix: String) throws -> [String] {
        let collector = StringCollector()
        var p = prefix
        try p.withUTF8 { buf throws in
            try check {
                cx_document_terms(handle, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, collectString, Unmanaged.passUnretained(collector).toOpaque(), $0)
            }
        }
        return collector.items.map { String(decoding: $0.value, as: UTF8.self) }
    }

    @inline(__always)
    private func validate(_ count: Int) throws { try Term.validate(byteCount: count) }
}

/// Xapian's order-preserving encoding of numbers for value slots.
public enum SortableNumber {
    public static func encode(_ value: Double) -> [UInt8] {
        var buf = [CChar](repeating: 0, count: 16)
        let n = cx_sortable_serialise(value, &buf)
        return buf[0..<n].map { UInt8(bitPattern: $0) }
    }

    public static func decode(_ bytes: [UInt8]) throws -> Double {
        var value = 0.0
        try withBytes(bytes) { p, n in try check { cx_sortable_unserialise(p, n, &value, $0) } }
        return value
    }
}
