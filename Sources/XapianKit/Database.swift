import CXapian

/// A Xapian database, read-only or writable. Not thread-safe: use one per thread.
/// The handle is freed when the object goes away, or earlier by `close()`.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    let isWritable: Bool

    /// How to open for writing; mirrors `cx_open_mode`.
    public enum OpenMode: Sendable {
        /// The database must exist.
        case existing
        case createOrOpen
        case createOrOverwrite
        var c: cx_open_mode {
            switch self {
            case .existing: return CX_OPEN_EXISTING
            case .createOrOpen: return CX_OPEN_CREATE_OR_OPEN
            case .createOrOverwrite: return CX_OPEN_CREATE_OR_OVERWRITE
            }
        }
    }

    /// Whether a transaction begun here is in progress (Xapian 1.4 cannot be asked).
    public private(set) var isInTransaction = false

    /// Opens for reading.
    public init(path: String) throws {
        var out: OpaquePointer? = nil
        let p = try checkedCString(path, "database path")
        try check { cx_database_open(p, &out, $0) }
        handle = out!
        self.path = path
        isWritable = false
    }

    /// A database served by `xapian-tcpsrv` on host:port; fails with `.network` when it does not answer.
    public init(remoteHost host: String, port: Int, timeoutMilliseconds: Int, connectTimeoutMilliseconds: Int) throws {
        var out: OpaquePointer? = nil
        let h = try checkedCString(host, "host name")
        try check {
            cx_database_open_remote(h, UInt32(clamping: port), UInt32(clamping: timeoutMilliseconds),
                                    UInt32(clamping: connectTimeoutMilliseconds), &out, $0)
        }
        handle = out!
        self.path = "\(host):\(port)"
        isWritable = false
    }

    /// Searches `other`'s documents with this database's, as one (Xapian's `add_database`).
    public func add(_ other: Database) throws {
        try check { cx_database_add(handle, other.handle, $0) }
    }

    /// Opens for writing; fails with `.locked` when another writer holds the lock.
    public init(writableAt path: String, mode: OpenMode = .createOrOpen) throws {
        var out: OpaquePointer? = nil
        let p = try checkedCString(path, "database path")
        try check { cx_database_open_writable(p, mode.c, &out, $0) }
        handle = out!
        self.path = path
        isWritable = true
    }

    /// Xapian's destructor runs here: a writable database outside a transaction *commits*
    /// what is pending, a transaction in progress is cancelled, and errors are lost. A writer
    /// that fails half-way must therefore not just let go: see `discardUncommittedChanges()`.
    deinit { cx_database_free(handle) }

    /// Releases the lock and files now. Like the destructor, a writable database first
    /// commits what is pending outside a transaction, and cancels a transaction in progress.
    public func close() throws {
        isInTransaction = false
        try check { cx_database_close(handle, $0) }
    }

    /// Moves a reader to the latest commit; returns whether anything changed.
    @discardableResult
    public func reopen() throws -> Bool {
        var changed = false
        try check { cx_database_reopen(handle, &changed, $0) }
        return changed
    }

    public func documentCount() throws -> Int {
        var n: UInt32 = 0
        try check { cx_database_doccount(handle, &n, $0) }
        return Int(n)
    }

    public func lastDocumentID() throws -> UInt32 {
        var n: UInt32 = 0
        try check { cx_database_lastdocid(handle, &n, $0) }
        return n
    }

    public func termFrequency(_ term: String) throws -> Int {
        var n: UInt32 = 0
        var t = term
        try t.withUTF8 { buf throws in
            try check { cx_database_termfreq(handle, buf.baseAddress, buf.count, &n, $0) }
        }
        return Int(n)
    }

    /// Occurrences of a term (UTF-8 bytes) in the whole database.
    public func collectionFrequency(_ term: [UInt8]) throws -> Int {
        var n: UInt64 = 0
        try term.withUnsafeBufferPointer { buf throws in
            try check {
                cx_database_collfreq(handle, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, &n, $0)
            }
        }
        return Int(n)
    }

    public func commit() throws { try check { cx_database_commit(handle, $0) } }

    /// Starts a transaction: the changes until `commitTransaction()` become visible together
    /// or not at all. Flushed (the default): what was pending is committed first, and
    /// `commitTransaction()` commits to disk; unflushed: neither, and cancelling it also
    /// discards what was pending before it.
    public func beginTransaction(flushed: Bool = true) throws {
        try check { cx_database_begin_transaction(handle, flushed, $0) }
        isInTransaction = true
    }

    /// Applies the transaction's changes (commits them, for a flushed one). When this throws,
    /// none of them was applied, and the transaction is over either way.
    public func commitTransaction() throws {
        isInTransaction = false
        try check { cx_database_commit_transaction(handle, $0) }
    }

    /// Discards the transaction's changes; the transaction is over even when this throws.
    public func cancelTransaction() throws {
        isInTransaction = false
        try check { cx_database_cancel_transaction(handle, $0) }
    }

    /// Runs `body` in a transaction: committed when it returns, cancelled when it throws.
    public func transaction<T>(flushed: Bool = true, _ body: () throws -> T) throws -> T {
        try beginTransaction(flushed: flushed)
        let result: T
        do {
            result = try body()
        } catch {
            try? cancelTransaction()
            throw error
        }
        try commitTransaction()
        return result
    }

    /// Drops every change not yet committed, so that neither `close()` nor the destructor
    /// commits it: cancels the transaction in progress, or, outside one, begins and cancels an
    /// unflushed transaction (Xapian 1.4's only way to discard pending changes: cancelling an
    /// unflushed transaction discards what was pending before it, as `begin_transaction` documents).
    /// Also after a failed `commitTransaction()`, whose changes Xapian may still hold.
    public func discardUncommittedChanges() throws {
        if !isInTransaction { try beginTransaction(flushed: false) }
        try cancelTransaction()
    }

    /// Adds a document the caller knows is not in the database yet (skips `replaceDocument`'s lookup).
    @discardableResult
    public func addDocument(_ document: Document) throws -> UInt32 {
        var id: UInt32 = 0
        try check { cx_database_add_document(handle, document.handle, &id, $0) }
        return id
    }

    /// Adds `document`, replacing any document indexed by `uniqueTerm`; returns its docid.
    @discardableResult

    public func replaceDocument(uniqueTerm: String, _ document: Document) throws -> UInt32 {
        try validateTerm(uniqueTerm)
        var id: UInt32 = 0
        var t = uniqueTerm
        try t.withUTF8 { buf throws in
            try check { cx_database_replace_by_term(handle, buf.baseAddress, buf.count, document.handle, &id, $0) }
        }
        return id
    }

    public func deleteDocuments(uniqueTerm: String) throws {
        try validateTerm(uniqueTerm)
        var t = uniqueTerm
        try t.withUTF8 { buf throws in
            try check { cx_database_delete_by_term(handle, buf.baseAddress, buf.count, $0) }
        }
    }

    /// The document indexed by `uniqueTerm`, if any.
    public func documentID(uniqueTerm: String) throws -> UInt32? {
        try validateTerm(uniqueTerm)
        var id: UInt32 = 0
        var t = uniqueTerm
        try t.withUTF8 { buf throws in
            try check { cx_database_docid_for_term(handle, buf.baseAddress, buf.count, &id, $0) }
        }
        return id == 0 ? nil : id
    }

    public func document(_ docid: UInt32) throws -> Document {
        var out: OpaquePointer? = nil
        try check { cx_database_get_document(handle, docid, &out, $0) }
        return Document(handle: out!)
    }

    /// The value of a user metadata key ("" when unset).
    public func metadata(_ key: String) throws -> String {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        try withBytes(key) { k, kn in try check { cx_database_get_metadata(handle, k, kn, &p, &n, $0) } }
        return takeString(p, n)
    }

    /// Sets a user metadata key; an empty value removes it.
    public func setMetadata(_ key: String, _ value: String) throws {
        try withBytes(key) { k, kn in
            try withBytes(value) { v, vn in try check { cx_database_set_metadata(handle, k, kn, v, vn, $0) } }
        }
    }

    /// Every user metadata key that starts with `prefix`.
    public func metadataKeys(prefix: String) throws -> [String] {
        let collector = StringCollector()
        var p = prefix
        try p.withUTF8 { buf in
            try check {
                cx_database_metadata_keys(handle, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, collectString, Unmanaged.passUnretained(collector).toOpaque(), $0)
            }
        }
        return collector.items.map { String(decoding: $0.value, as: UTF8.self) }
    }

    /// Every term that starts with `prefix`, with its document frequency.
    public func allTerms(prefix: String) throws -> [(term: String, frequency: Int)] {
        let collector = StringCollector()
        var p = prefix
        try p.withUTF8 { buf throws in
            try check {
                cx_database_allterms(handle, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, collectString, Unmanaged.passUnretained(collector).toOpaque(), $0)
            }
        }
        return collector.items.map { (String(decoding: $0.value, as: UTF8.self), Int($0.count)) }
    }

    /// The terms of one document that start with `prefix` (byte strings).
    public func documentTerms(_ docid: UInt32, prefix: [UInt8]) throws -> [[UInt8]] {
        let collector = StringCollector()
        try prefix.withUnsafeBufferPointer { buf throws in
            try check {
                cx_database_doc_terms(handle, docid, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, collectString, Unmanaged.passUnretained(collector).toOpaque(), $0)
            }
        }
        return collector.items.map { $0.value }
    }

    /// Positions of `term` (UTF-8 bytes) in one document, ascending.
    public func positions(_ docid: UInt32, term: [UInt8]) throws -> [UInt32] {
        var p: UnsafeMutablePointer<UInt32>? = nil
        var n = 0
        try term.withUnsafeBufferPointer { buf throws in
            try check {
                cx_database_positions(handle, docid, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, &p, &n, $0)
            }
        }
        guard let p else { return [] }
        defer { cx_free(p) }
        return Array(UnsafeBufferPointer(start: p, count: n))
    }

    /// One value slot of one document (empty when unset).
    public func value(_ docid: UInt32, slot: UInt32) throws -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>? = nil
        var n = 0
        try check { cx_database_value(handle, docid, slot, &p, &n, $0) }
        return takeBytes(p, n)
    }

    /// Every document's value in `slot` with its docid, in docid order (documents without one are
    /// left out): one pass over the slot's value stream, where `value(_:slot:)` for each document
    /// costs a lookup each (100,000 documents: 25 ms against 300 ms).
    public func forEachValue(slot: UInt32, _ body: (UInt32, [UInt8]) -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let visitor = ValueVisitor(body)
            try check { cx_database_values(handle, slot, visitValue, Unmanaged.passUnretained(visitor).toOpaque(), $0) }
        }
    }

    /// Writes a compacted copy of the database at `path` into `destination`.
    public static func compact(path: String, into destination: String) throws {
        let (p, d) = (try checkedCString(path, "database path"), try checkedCString(destination, "database path"))
        try check { cx_compact(p, d, $0) }
    }

    public static var version: String { String(cString: cx_version()) }
}

/// What Xapian accepts as a term.
public enum Term {
    /// Longest term, in UTF-8 bytes, that Xapian's B-tree keys hold.
    public static let maxBytes = 245

    /// Terms must be non-empty and at most `maxBytes`, or Xapian fails the whole batch.
    @inline(__always)
    static func validate(byteCount n: Int) throws {
        if n == 0 || n > maxBytes {
            throw XapianError(kind: .invalidArgument, message: "invalid term of \(n) bytes (must be 1 to \(maxBytes))")
        }
    }
}

@inline(__always)
func validateTerm(_ term: String) throws { try Term.validate(byteCount: term.utf8.count) }
