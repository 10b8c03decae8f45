import Dispatch
import Foundation
import Reports
import XapianKit
#if canImport(Glibc)
import Glibc
#endif

/// Builds or updates an index from folders of reports.
///
/// Reading, decoding, section splitting and tokenizing run on every core, one
/// chunk ahead of the single writer that feeds Xapian and commits every
/// `commitEvery` reports. Each batch between two commits is one Xapian
/// transaction: a crash (even `kill -9`) or an error loses at most the reports
/// since the last commit, and the next run redoes them. Per-file records
/// (`F:<id>` metadata: size, mtime, content hash, real path) are written in the
/// same transaction as the documents they describe, so the index and its
/// records always agree.
///
/// Incremental: a file whose size and mtime match its record is not opened; a
/// file whose content hash matches is not re-tokenized; a file that moved (its
/// content hash is that of a report whose file is gone) is re-keyed in place
/// without re-tokenizing; reports whose files are gone are deleted.
public final class Indexer {
    public struct Options: Sendable {
        public var roots: [String]
        public var indexPath: String
        public var rebuild = false
        public var commitEvery = 1000
        public var strict = false
        /// Files larger than this many bytes are skipped ("too large").
        public var maxSize = 20 * 1024 * 1024
        /// Read scanned PDFs by OCR (`--no-ocr` turns it off).
        public var ocr = true
        /// Index files that are no disclosure report too (`--keep-all`); else they
        /// are skipped as "not a report" with ReportKind's reason.
        public var keepAll = false
        /// Shard databases written in parallel (`--shards N`); nil keeps the index's layout (one for a new index).
        public var shards: Int?
        /// Reports prepared per parallel chunk (the writer works on one chunk
        /// while the workers prepare the next).
        var chunkSize = 64
        /// Testing aid: seconds to pause after each chunk (keeps a run going long
        /// enough for lock and concurrent-search tests). 0 in normal use.
        public var throttle = 0.0
        /// Testing aid: called with the report's id between writing its document and its file
        /// record; what it throws stands for any failure in the middle of a batch.
        var betweenDocumentAndRecord: (@Sendable (String) throws -> Void)?
        public init(roots: [String], indexPath: String) {
            self.roots = roots
            self.indexPath = indexPath
        }
    }

    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var bytes: Int
        public var elapsed: Double
    }

    /// A file left out, with why: `reason` is "cause: detail".
    public struct Skip: Codable, Sendable, Equatable, Error {
        public var path: String
        public var reason: String
        public init(path: String, reason: String) { self.path = path; self.reason = reason }
        public var cause: String { reason.split(separator: ":", maxSplits: 1).first.map(String.init) ?? reason }
    }

    public struct Summary: Codable, Sendable {
        public var indexed = 0
        public var unchanged = 0
        public var removed = 0
        public var moved = 0
        public var skipped: [Skip] = []
        /// One line per file read with problems (invalid bytes, …), naming the file.
        public var warnings: [String] = []
        public var bytes = 0
        public var seconds = 0.0
        public var reports = 0
        public var finished = ""
        /// Number of files skipped (the stored last-run summary keeps only the first skips).
        public var skippedCount = 0
        var skipCauses: [String: Int] = [:]
        /// Time the writer spent writing to Xapian, and waiting for the workers
        /// to finish preparing the next chunk (what the pipeline could not overlap).
        public var writerSeconds = 0.0
        public var waitSeconds = 0.0

        /// Skips counted by cause (the reason's text before the first colon).
        public var skipsByCause: [String: Int] {
            if !skipCauses.isEmpty { return skipCauses }
            var out: [String: Int] = [:]
            for s in skipped { out[s.cause, default: 0] += 1 }
            return out
        }

        /// The form kept in the index metadata: bounded in size.
        func stored(limit: Int = 200) -> Summary {
            var s = self
            s.skippedCount = skipped.count
            s.skipCauses = skipsByCause
            s.skipped = Array(skipped.prefix(limit))
            s.warnings = Array(warnings.prefix(limit))
            return s
        }
    }

    struct FileRecord {
        var size: Int
        var mtime: Double
        var hash: String
        var path: String

        var encoded: String { "\(size)\t\(mtime)\t\(hash)\t\(path)" }

        init(size: Int, mtime: Double, hash: String, path: String) {
            self.size = size; self.mtime = mtime; self.hash = hash; self.path = path
        }

        init?(_ s: String) {
            let f = s.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard f.count == 4, let size = Int(f[0]), let mtime = Double(f[1]) else { return nil }
            self.init(size: size, mtime: mtime, hash: String(f[2]), path: String(f[3]))
        }
    }

    enum Prepared {
        case document(Document, hash: String, [String])
        case unchangedContent(FileRecord)
        /// Same content as the reports `from` (ids of files that are gone): re-key one of them.
        case moved(from: [String], FileRecord)
        case skipped(Skip)
    }

    let options: Options

    public init(_ options: Options) { self.options = options }

    public func run(progress: ((Progress) -> Void)? = nil) throws -> Summary {
        let start = Date()
        let path = options.indexPath
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw GovSearchError.index(path: path, message: "cannot create the index directory (\(Self.posixReason(error)))")
        }
        let layout = try ShardWriting.layout(path, wanted: options.shards, rebuild: options.rebuild)
        // Every shard is opened (and locked) before anything is written.
        var dbs: [Database] = []
        for p in layout.paths {
            do {
                dbs.append(try Database(writableAt: p, mode: options.rebuild ? .createOrOverwrite : .createOrOpen))
            } catch let e as XapianError where e.kind == .opening || e.kind == .database {
                throw GovSearchError.index(path: p, message: "cannot open for writing: " + Self.oneLine(e.message))
            } catch { throw Self.wrap(error, index: p) }
            // Documents of another layout would be mixed with this one's: refuse, name the cure.
            let schema = try dbs.last!.metadata(IndexSchema.schemaKey)
            if !schema.isEmpty && schema != IndexSchema.schemaVersion {
                throw GovSearchError.index(path: path, message: "built with index schema \(schema); this govsearch writes schema \(IndexSchema.schemaVersion): re-index with --rebuild")
            }
        }
        if layout.writeStub { try ShardLayout.writeStub(indexPath: path, count: dbs.count) }
        let walk = FileWalker.walk(options.roots)
        if walk.roots.isEmpty {
            throw GovSearchError.badArgument("nothing to index: \(options.roots.joined(separator: ", ")) not found")
        }
        if dbs.count == 1 {
            do {
                return try update(dbs[0], walk: walk, start: start, progress: progress)
            } catch {
                // update() discarded its batch: the index is at its last commit.
                throw Self.wrap(error, index: path)
            }
        }
        return try ShardWriting.run(self, dbs, paths: layout.paths, walk: walk, start: start, progress: progress)
    }

    /// One shard's part of a sharded run (its files only; walk problems are counted once, by the caller).
    func updateShard(_ db: Database, _ k: Int, files: [FileWalker.Entry], roots: [String], start: Date,
                     progress: ((Progress) -> Void)?) throws -> Summary {
        try update(db, walk: (files, [], roots), shard: k, start: start, progress: progress)
    }

    static func wrap(_ error: Error, index path: String) -> Error {
        // Xapian reports a lock file it may not open (read-only index) as a lock
        // error too, with no errno: whether we may write the lock file tells the two apart.
        if let x = error as? XapianError, x.kind == .locked, !mayWriteLockFile(ofIndex: path) {
            let why = x.message.components(separatedBy: ": ").last ?? x.message
            return GovSearchError.index(path: path, message: "cannot take the write lock: \(oneLine(why)) (read-only index directory?)")
        }
        if let x = error as? XapianError, x.kind != .locked, x.kind != .opening {
            return GovSearchError.index(path: path, message: oneLine(x.message) + " (the last commit is intact; re-run to finish)")
        }
        return GovSearchError.wrap(error, index: path)
    }

    /// Whether this process may open the index's lock file (or, before it exists, create it) for writing.
    static func mayWriteLockFile(ofIndex path: String) -> Bool {
        let lockFile = path + "/flintlock"
        return access(FileManager.default.fileExists(atPath: lockFile) ? lockFile : path, W_OK) == 0
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func posixReason(_ error: Error) -> String {
        let ns = error as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        return oneLine(ns.localizedDescription)
    }

    typealias Walk = (files: [FileWalker.Entry], problems: [FileWalker.Problem], roots: [String])

    /// - Parameter shard: this database's number in a sharded index (nil: the one database).
    private func update(_ db: Database, walk: Walk, shard: Int? = nil, start: Date, progress: ((Progress) -> Void)?) throws -> Summary {
        do {
            let summary = try writeBatches(db, walk: walk, shard: shard, start: start, progress: progress)
            try db.close()
            return summary
        } catch {
            // Xapian commits whatever is pending when the database is closed or released: a
            // document written without its file record would land, and the next run would add
            // it again. So the unfinished batch is dropped here, while the database is ours.
            try? db.discardUncommittedChanges()
            throw error
        }
    }

    /// The writing of `update`: one transaction per batch of `commitEvery` reports, committed
    /// when full; the last one also carries the run's summary.
    private func writeBatches(_ db: Database, walk: Walk, shard: Int?, start: Date,
                              progress: ((Progress) -> Void)?) throws -> Summary {
        var summary = Summary()
        var records: [String: FileRecord] = [:]
        for key in try db.metadataKeys(prefix: IndexSchema.fileRecordPrefix) {
            if let r = FileRecord(try db.metadata(key)) { records[String(key.dropFirst(IndexSchema.fileRecordPrefix.count))] = r }
        }

        for p in walk.problems { summary.skipped.append(Skip(path: p.path, reason: p.reason)) }

        // Decide per file: unchanged (size and mtime agree) or to be read.
        var seen = Set<String>()
        var todo: [(id: String, entry: FileWalker.Entry)] = []
        for entry in walk.files {
            let id = ReportID.make(forRealPath: entry.realPath)
            seen.insert(id)
            if let r = records[id], r.size == entry.size, r.mtime == entry.mtime, r.path == entry.realPath {
                summary.unchanged += 1
            } else {
                todo.append((id, entry))
            }
        }

        // Reports whose files are gone (under a walked root, or no longer on
        // disk at all): candidates for moves, deleted at the end otherwise.
        var gone: [String] = []
        var goneByHash: [String: [String]] = [:]
        for (id, record) in records where !seen.contains(id) {
            let underRoot = walk.roots.contains { record.path == $0 || record.path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            if underRoot || !FileManager.default.fileExists(atPath: record.path) {
                gone.append(id)
                goneByHash[record.hash, default: []].append(id)
            }
        }
        gone.sort()
        var consumed = Set<String>()

        let total = todo.count
        var done = 0
        let chunk = max(1, min(options.commitEvery, options.chunkSize))
        var sinceCommit = 0
        let context = PrepareContext(records: records, goneByHash: goneByHash, maxSize: options.maxSize, ocr: options.ocr,
                                     keepAll: options.keepAll)

        func commitIfDue() throws {
            if sinceCommit >= options.commitEvery {
                try db.commitTransaction()
                try db.beginTransaction()
                sinceCommit = 0
            }
        }

        func write(_ item: Prepared, id: String, entry: FileWalker.Entry) throws {
            switch item {
            case let .document(doc, hash, warnings):
                if let shard { try doc.setValue(IndexSchema.shardSlot, String(shard)) }
                // Every indexed report has a file record (written in the same commit), so a report
                // without one is new and needs no lookup of its id term.
                if records[id] == nil { try db.addDocument(doc) } else { try db.replaceDocument(uniqueTerm: IndexSchema.idPrefix + id, doc) }
                try options.betweenDocumentAndRecord?(id)
                let record = FileRecord(size: entry.size, mtime: entry.mtime, hash: hash, path: entry.realPath)
                try db.setMetadata(IndexSchema.fileRecordPrefix + id, record.encoded)
                summary.indexed += 1
                if let first = warnings.first {
                    summary.warnings.append(warnings.count > 1 ? "\(first) (and \(warnings.count - 1) more)" : first)
                }
            case let .unchangedContent(record):
                try db.setMetadata(IndexSchema.fileRecordPrefix + id, record.encoded)
                summary.unchanged += 1
            case let .moved(candidates, record):
                if let from = candidates.first(where: { !consumed.contains($0) }),
                   try rekey(db, from: from, to: id, record: record) {
                    consumed.insert(from)
                    summary.moved += 1
                } else {
                    // The old report was taken by another copy: build this one in full.
                    let again = Self.prepareOne(id: id, entry: entry, context: context.withoutMoves)
                    try write(again, id: id, entry: entry)
                    return
                }
            case let .skipped(skip):
                summary.skipped.append(skip)
                if records[id] != nil {
                    // The file is there but can no longer be indexed: its old report goes.
                    try db.deleteDocuments(uniqueTerm: IndexSchema.idPrefix + id)
                    try db.setMetadata(IndexSchema.fileRecordPrefix + id, "")
                    summary.removed += 1
                }
            }
        }

        try db.beginTransaction()
        // Pipeline: workers prepare chunk k+1 while this thread writes chunk k.
        var pending = prepare(todo, 0..<min(chunk, total), context)
        var next = 0
        while next < total {
            let range = next..<min(next + chunk, total)
            let current = pending
            let upcoming = Box<[Prepared]>([])
            let group = DispatchGroup()
            let following = range.upperBound..<min(range.upperBound + chunk, total)
            if !following.isEmpty {
                let work = todo
                DispatchQueue.global().async(group: group) { upcoming.value = self.prepare(work, following, context) }
            }
            defer { group.wait() }
            let writeStart = DispatchTime.now().uptimeNanoseconds
            for (offset, item) in current.enumerated() {
                let (id, entry) = todo[range.lowerBound + offset]
                try write(item, id: id, entry: entry)
                if case .skipped = item {} else { summary.bytes += entry.size }
                done += 1
                sinceCommit += 1
            }
            try commitIfDue()
            let waitStart = DispatchTime.now().uptimeNanoseconds
            group.wait()
            summary.writerSeconds += Double(waitStart - writeStart) / 1e9
            summary.waitSeconds += Double(DispatchTime.now().uptimeNanoseconds - waitStart) / 1e9
            if options.throttle > 0 { Thread.sleep(forTimeInterval: options.throttle) }
            pending = upcoming.value
            next = range.upperBound
            progress?(Progress(done: done, total: total, bytes: summary.bytes, elapsed: Date().timeIntervalSince(start)))
        }

        for id in gone where !consumed.contains(id) {
            try db.deleteDocuments(uniqueTerm: IndexSchema.idPrefix + id)
            try db.setMetadata(IndexSchema.fileRecordPrefix + id, "")
            summary.removed += 1
            sinceCommit += 1
            try commitIfDue()
        }

        summary.seconds = Date().timeIntervalSince(start)
        summary.reports = try db.documentCount()
        summary.finished = ISO8601DateFormatter().string(from: Date())
        summary.skippedCount = summary.skipped.count
        summary.skipCauses = summary.skipsByCause
        if let data = try? JSONEncoder().encode(summary.stored()) {
            try db.setMetadata(IndexSchema.lastRunKey, String(decoding: data, as: UTF8.self))
        }
        try db.setMetadata(IndexSchema.schemaKey, IndexSchema.schemaVersion)
        if let shard { try db.setMetadata(IndexSchema.shardKey, String(shard)) }
        try db.commitTransaction()
        return summary
    }

    /// Moves the report `from` to the id `to` without re-tokenizing: the stored
    /// document gets its new id term and path and is re-added; the old one goes.
    private func rekey(_ db: Database, from: String, to: String, record: FileRecord) throws -> Bool {
        guard let docid = try db.documentID(uniqueTerm: IndexSchema.idPrefix + from) else { return false }
        let doc = try db.document(docid)
        // The caller found `from` by the content hash its file record holds.
        guard var stored = StoredReport.decode(try doc.data()) else { return false }
        stored.id = to
        stored.path = record.path
        stored.size = record.size
        stored.mtime = record.mtime
        try doc.removeTerm(IndexSchema.idPrefix + from)
        try doc.addBooleanTerm(IndexSchema.idPrefix + to)
        try doc.setData(stored.encoded())
        try db.replaceDocument(uniqueTerm: IndexSchema.idPrefix + to, doc)
        try db.deleteDocuments(uniqueTerm: IndexSchema.idPrefix + from)
        try db.setMetadata(IndexSchema.fileRecordPrefix + from, "")
        try db.setMetadata(IndexSchema.fileRecordPrefix + to, record.encoded)
        return true
    }

    final class Box<T>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    struct PrepareContext: @unchecked Sendable {
        var records: [String: FileRecord]
        var goneByHash: [String: [String]]
        var maxSize: Int
        var ocr = true
        var keepAll = false
        var withoutMoves: PrepareContext { var c = self; c.goneByHash = [:]; return c }
    }

    /// Reads and builds the documents of todo[range] in parallel.
    private func prepare(_ todo: [(id: String, entry: FileWalker.Entry)], _ range: Range<Int>,
                         _ context: PrepareContext) -> [Prepared] {
        let out = UnsafeMutableBufferPointer<Prepared?>.allocate(capacity: range.count)
        out.initialize(repeating: nil)
        // Deinitialize too: a plain deallocate would leak every document (and its postings).
        defer { _ = out.deinitialize(); out.deallocate() }
        DispatchQueue.concurrentPerform(iterations: range.count) { k in
            let (id, entry) = todo[range.lowerBound + k]
            out[k] = Self.prepareOne(id: id, entry: entry, context: context)
        }
        return out.map { $0! }
    }

    static func prepareOne(id: String, entry: FileWalker.Entry, context: PrepareContext) -> Prepared {
        let path = entry.realPath
        if entry.size > context.maxSize {
            return .skipped(Skip(path: path, reason: String(format: "too large: %.1f MB, over the %.1f MB limit (--max-size)",
                                                              Double(entry.size) / 1048576, Double(context.maxSize) / 1048576)))
        }
        let data: Data
        switch RegularFile.read(path) {
        case .failure(.vanished): return .skipped(Skip(path: path, reason: "vanished: the file disappeared during the run"))
        case let .failure(.unreadable(why)): return .skipped(Skip(path: path, reason: "unreadable: \(why)"))
        case let .success(file): data = Data(file.bytes)
        }
        if data.count > context.maxSize {
            return .skipped(Skip(path: path, reason: "too large: grew over the --max-size limit while being indexed"))
        }
        let hash = ReportID.contentHash(data)
        let record = FileRecord(size: entry.size, mtime: entry.mtime, hash: hash, path: path)
        if let previous = context.records[id], previous.hash == hash, previous.path == path {
            return .unchangedContent(record)
        }
        if let from = context.goneByHash[hash], !from.isEmpty {
            return .moved(from: from, record)
        }
        do {
            let report = try ReportReader.read(path: path, data: data, ocr: context.ocr)
            if !context.keepAll, let why = ReportKind.rejection(report) {
                return .skipped(Skip(path: path, reason: "not a report: \(why) (--keep-all indexes it)"))
            }
            let info = DocumentBuilder.FileInfo(realPath: path, size: entry.size, mtime: entry.mtime)
            let (doc, _) = try DocumentBuilder.build(report, file: info)
            return .document(doc, hash: hash, report.warnings)
        } catch let e as ReportError {
            let cause: String
            switch e.kind {
            case .unreadable: cause = FileManager.default.fileExists(atPath: path) ? "unreadable" : "vanished"
            case .empty: cause = "empty"
            case .binary: cause = "binary"
            case .unsupported: cause = "unsupported"
            case .toolMissing: cause = "tool missing"
            case .badFormat: cause = "bad format"
            }
            return .skipped(Skip(path: path, reason: "\(cause): \(oneLine(e.detail))"))
        } catch {
            return .skipped(Skip(path: path, reason: "cannot index: \(oneLine("\(error)"))"))
        }
    }
}
