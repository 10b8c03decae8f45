import Dispatch
import Foundation
import Reports
import XapianKit
#if canImport(Glibc)
import Glibc
#endif

/// One indexing run over one database or all shards of an index: the single writer.
///
/// Workers read and build the documents of the next files while this writer decides, file by
/// file, which report each file is — a new one, or a copy of one it knows (ReportGroups) —
/// and writes. A report is one Xapian document, built from its primary file (FileRank
/// order), in the shard its id names; every file has a record in that shard saying which
/// report it belongs to. Reports whose files changed are settled (primary chosen, document
/// rebuilt or its copies list rewritten) before every commit, so each commit is consistent.
/// Each batch is one transaction per database.
final class IndexUpdate {
    typealias Prepared = Indexer.Prepared

    let options: Indexer.Options
    let dbs: [Database]
    let walk: Indexer.Walk
    let start: Date
    let progress: ((Indexer.Progress) -> Void)?

    var groups = ReportGroups()
    var summary = Indexer.Summary()
    /// Reports whose files changed since the last commit.
    var touched = Set<String>()
    /// Documents built this batch from files that joined a report: one may become its primary.
    var built: [String: Indexer.BuiltFile] = [:]
    /// Records found stale when loading (a shard's copy of a record another shard also has).
    var staleRecords: [(shard: Int, file: String)] = []
    /// Files to read again whatever their records say.
    var forced = Set<String>()
    /// Report documents no file record names (left by a crash between two shards' commits).
    var orphanDocuments: [(shard: Int, id: String)] = []
    var sinceCommit = 0
    /// Terms of the documents written since the last commit (what Xapian holds until then).
    var termsSinceCommit = 0
    /// Nanoseconds spent finding copies (sketches, matching, settling reports).
    var identityNanoseconds: UInt64 = 0

    init(options: Indexer.Options, dbs: [Database], walk: Indexer.Walk, start: Date,
         progress: ((Indexer.Progress) -> Void)?) {
        self.options = options; self.dbs = dbs; self.walk = walk; self.start = start; self.progress = progress
    }

    var sharded: Bool { dbs.count > 1 }

    func shard(of report: String) -> Int { ShardLayout.shard(ofReport: report, count: dbs.count) }

    /// Runs the update; on error the unfinished batch is cancelled in every database.
    func run() throws -> Indexer.Summary {
        do {
            try load()
            try writeAll()
            for db in dbs { try db.close() }
            return summary
        } catch {
            // Xapian commits whatever is pending when a database is closed or released: a
            // document written without its file record would land. So the batch is dropped here.
            for db in dbs { try? db.discardUncommittedChanges() }
            throw error
        }
    }

    // MARK: Loading

    /// Reads every file record and report id of every shard into `groups`.
    private func load() throws {
        for (k, db) in dbs.enumerated() {
            for key in try db.metadataKeys(prefix: IndexSchema.fileRecordPrefix) {
                let file = String(key.dropFirst(IndexSchema.fileRecordPrefix.count))
                guard let r = FileRecord(try db.metadata(key)), shard(of: r.report) == k, groups.owner[file] == nil else {
                    staleRecords.append((k, file))
                    forced.insert(file)
                    continue
                }
                groups.add(file, r, shard: k)
            }
        }
        var documented = Set<String>()
        for (k, db) in dbs.enumerated() {
            for (term, _) in try db.allTerms(prefix: IndexSchema.idPrefix) {
                let id = String(term.dropFirst(IndexSchema.idPrefix.count))
                groups.reserve(id)
                if groups.groups[id]?.shard == k { documented.insert(id) } else { orphanDocuments.append((k, id)) }
            }
        }
        // A report without its document, or not built from its best file (a crash between two
        // shards' commits), is rebuilt before the first commit.
        for (id, g) in groups.groups where !documented.contains(id) || g.indexed == nil || g.indexed != g.best {
            touched.insert(id)
        }
    }

    // MARK: Writing

    private func writeAll() throws {
        var seen = Set<String>()
        var todo: [(id: String, entry: FileWalker.Entry)] = []
        for p in walk.problems { summary.skipped.append(Indexer.Skip(path: p.path, reason: p.reason)) }
        // Reports read by another version of the reader are read again, every one.
        let rereadAll = try dbs.contains { try !$0.metadata(IndexSchema.readerKey).isEmpty && $0.metadata(IndexSchema.readerKey) != IndexSchema.readerVersion }
        for entry in walk.files {
            let id = ReportID.make(forRealPath: entry.realPath)
            seen.insert(id)
            if !rereadAll, let r = groups.record(id), !forced.contains(id), r.size == entry.size, r.mtime == entry.mtime, r.path == entry.realPath {
                summary.unchanged += 1
            } else {
                todo.append((id, entry))
            }
        }

        // Files gone (under a walked root, or no longer on disk at all): candidates for moves.
        var gone: [String] = []
        var goneByHash: [String: [String]] = [:]
        for g in groups.groups.values {
            for (file, record) in g.files {
                guard !seen.contains(file) else { continue }
                let underRoot = walk.roots.contains { record.path == $0 || record.path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
                if underRoot || !FileManager.default.fileExists(atPath: record.path) {
                    gone.append(file)
                    goneByHash[record.hash, default: []].append(file)
                }
            }
        }
        gone.sort()
        seen.removeAll()  // not needed after this: its memory goes to the batches
        var consumed = Set<String>()
        // The workers see the records of the files they will read (not a copy of every record:
        // at 100,000 files two such copies held 70 MB).
        var records: [String: KnownFile] = [:]
        for (id, _) in todo where !forced.contains(id) { records[id] = groups.record(id) }
        let known = Indexer.PrepareContext(records: records, goneByHash: goneByHash,
                                           maxSize: options.maxSize, ocr: options.ocr, keepAll: options.keepAll)
        let context = rereadAll ? known.fresh : known

        for db in dbs { try db.beginTransaction() }
        for (k, file) in staleRecords { try dbs[k].setMetadata(IndexSchema.fileRecordPrefix + file, "") }
        for (k, id) in orphanDocuments { try dbs[k].deleteDocuments(uniqueTerm: IndexSchema.idPrefix + id) }
        for file in forced { try detach(file) }

        func apply(_ item: Prepared, _ file: String, _ entry: FileWalker.Entry) throws {
            switch item {
            case let .document(b):
                try add(b, file: file)
            case let .unchangedContent(size, mtime):
                guard var r = try fullRecord(file) else {
                    return try apply(Indexer.prepareOne(id: file, entry: entry, context: context.fresh), file, entry)
                }
                r.size = size; r.mtime = mtime
                groups.update(file, r)
                try writeRecord(file, r)
                if r.indexed { touched.insert(r.report) }  // the document keeps its primary's size and mtime
                summary.unchanged += 1
            case let .moved(candidates, size, mtime):
                guard let from = candidates.first(where: { !consumed.contains($0) && groups.record($0) != nil }),
                      var r = try fullRecord(from) else {
                    // The old file was taken by another copy: read this one in full.
                    return try apply(Indexer.prepareOne(id: file, entry: entry, context: context.fresh), file, entry)
                }
                consumed.insert(from)
                let k = groups.groups[r.report]!.shard
                groups.remove(from)
                try dbs[k].setMetadata(IndexSchema.fileRecordPrefix + from, "")
                r.path = entry.realPath; r.size = size; r.mtime = mtime
                groups.add(file, r, shard: k)
                try writeRecord(file, r)
                touched.insert(r.report)
                summary.moved += 1
            case let .skipped(skip):
                summary.skipped.append(skip)
                if groups.owner[file] != nil {
                    // The file is there but can no longer be indexed: it leaves its report.
                    try detach(file)
                    summary.removed += 1
                }
            }
        }

        let total = todo.count
        var done = 0
        let chunk = max(1, min(options.commitEvery, options.chunkSize))
        // Workers read and build files up to two chunks ahead of this writer, in the background
        // and at a lower priority (ReadAhead); the writer checks for a due commit after each chunk.
        let work = todo
        let ahead = ReadAhead<Prepared>(count: total, window: 2 * chunk, threads: ProcessInfo.processInfo.activeProcessorCount,
                                        niceness: Indexer.Options.workerNiceness) { i in
            Indexer.prepareOne(id: work[i].id, entry: work[i].entry, context: context)
        }
        defer { ahead.finish() }
        while done < total {
            let waitStart = DispatchTime.now().uptimeNanoseconds
            guard let item = ahead.next() else { break }
            let writeStart = DispatchTime.now().uptimeNanoseconds
            let (file, entry) = todo[done]
            try apply(item, file, entry)
            if case .skipped = item {} else { summary.bytes += entry.size }
            done += 1
            sinceCommit += 1
            let chunkEnds = done % chunk == 0 || done == total
            if chunkEnds { try commitIfDue() }
            summary.waitSeconds += Double(writeStart - waitStart) / 1e9
            summary.writerSeconds += Double(DispatchTime.now().uptimeNanoseconds - writeStart) / 1e9
            if chunkEnds {
                if options.throttle > 0 { Thread.sleep(forTimeInterval: options.throttle) }
                progress?(Indexer.Progress(done: done, total: total, bytes: summary.bytes, elapsed: Date().timeIntervalSince(start)))
            }
        }

        for file in gone where !consumed.contains(file) && groups.owner[file] != nil {
            try detach(file)
            summary.removed += 1
            sinceCommit += 1
            try commitIfDue()
        }
        try settle()

        summary.seconds = Date().timeIntervalSince(start)
        summary.identitySeconds = Double(identityNanoseconds) / 1e9
        summary.cpuSeconds = Self.processCPUSeconds()
        summary.reports = try dbs.reduce(0) { $0 + (try $1.documentCount()) }
        summary.files = groups.owner.count
        summary.finished = ISO8601DateFormatter().string(from: Date())
        summary.skippedCount = summary.skipped.count
        summary.skipCauses = summary.skipsByCause
        if let data = try? JSONEncoder().encode(summary.stored()) {
            // Metadata of shards searched as one is the first one's: `status` reads it there.
            try dbs[0].setMetadata(IndexSchema.lastRunKey, String(decoding: data, as: UTF8.self))
        }
        for (k, db) in dbs.enumerated() {
            try db.setMetadata(IndexSchema.schemaKey, IndexSchema.schemaVersion)
            try db.setMetadata(IndexSchema.readerKey, IndexSchema.readerVersion)
            if sharded { try db.setMetadata(IndexSchema.shardKey, String(k)) }
            try db.commitTransaction()
        }
        summary.commits += 1
    }

    private func commitIfDue() throws {
        guard sinceCommit >= options.commitEvery || termsSinceCommit >= options.batchTermLimit else { return }
        try settle()
        for db in dbs { try db.commitTransaction() }
        for db in dbs { try db.beginTransaction() }
        summary.commits += 1
        sinceCommit = 0
        termsSinceCommit = 0
    }

    private func writeRecord(_ file: String, _ record: FileRecord) throws {
        let k = groups.groups[record.report]?.shard ?? shard(of: record.report)
        try dbs[k].setMetadata(IndexSchema.fileRecordPrefix + file, record.encoded)
    }

    /// A known file's whole record, as the index has it (this batch's writes included): memory
    /// holds only a `KnownFile` of each. Nil for a file the run does not know.
    private func fullRecord(_ file: String) throws -> FileRecord? {
        guard let report = groups.owner[file], let k = groups.groups[report]?.shard else { return nil }
        return try storedRecord(file, shard: k)
    }

    private func storedRecord(_ file: String, shard k: Int) throws -> FileRecord {
        guard let r = FileRecord(try dbs[k].metadata(IndexSchema.fileRecordPrefix + file)) else {
            throw GovSearchError.index(path: options.indexPath, message: "the record of file \(file) in shard \(k) is unreadable: re-index with --rebuild")
        }
        return r
    }

    /// A file read in full: a copy of a report the index has, or a new report.
    private func add(_ b: Indexer.BuiltFile, file: String) throws {
        // Its content changed: it leaves its report, and keeps that report's id if it was its only file.
        let previous = groups.owner[file]
        if previous != nil { try detach(file) }
        summary.indexed += 1
        if let first = b.warnings.first {
            summary.warnings.append(b.warnings.count > 1 ? "\(first) (and \(b.warnings.count - 1) more)" : first)
        }
        var r = b.record
        let matchStart = Self.threadCPUNanoseconds()
        let match = try groups.match(r.sketch, year: r.year, agency: r.agency, figures: r.figures) { file, k in try storedRecord(file, shard: k).figures }
        identityNanoseconds += b.sketchNanoseconds + (Self.threadCPUNanoseconds() - matchStart)
        if let report = match {
            r.report = report
            r.indexed = false
            groups.add(file, r, shard: groups.groups[report]!.shard)
            try options.betweenDocumentAndRecord?(file)
            try writeRecord(file, r)
            touched.insert(report)
            built[file] = b
            summary.copies += 1
            return
        }
        let report: String
        if let previous, groups.groups[previous] == nil { report = previous } else { report = groups.newReportID(founder: file) }
        r.report = report
        r.indexed = true
        let k = shard(of: report)
        let doc = try document(from: b, as: report, stored: b.stored)
        termsSinceCommit += try doc.termCount()
        // An id never seen in this index needs no lookup of its id term.
        if previous == nil && report == file { _ = try dbs[k].addDocument(doc) } else {
            _ = try dbs[k].replaceDocument(uniqueTerm: IndexSchema.idPrefix + report, doc)
        }
        groups.add(file, r, shard: k)
        try options.betweenDocumentAndRecord?(file)
        try writeRecord(file, r)
    }

    /// A built document made the document of report `id` (its id term and stored id changed when
    /// the file is not the report's founder).
    private func document(from b: Indexer.BuiltFile, as id: String, stored: StoredReport) throws -> Document {
        let doc = b.document
        let file = b.stored.id
        if id != file {
            try doc.removeTerm(IndexSchema.idPrefix + file)
            try doc.addBooleanTerm(IndexSchema.idPrefix + id)
        }
        try doc.addBooleanTerm(IndexSchema.filePrefix + file)
        var s = stored
        s.id = id
        try DocumentBuilder.store(s, in: doc)
        try doc.setValue(IndexSchema.idSlot, id)
        return doc
    }

    /// Takes a file out of its report: the report goes with its last file, else it is settled
    /// before the commit (a new primary when this was it, its copies list otherwise).
    private func detach(_ file: String) throws {
        guard let report = groups.owner[file], let k = groups.groups[report]?.shard else { return }
        let result = groups.remove(file)
        built.removeValue(forKey: file)
        try dbs[k].setMetadata(IndexSchema.fileRecordPrefix + file, "")
        if result?.empty == true {
            try dbs[k].deleteDocuments(uniqueTerm: IndexSchema.idPrefix + report)
            touched.remove(report)
        } else {
            touched.insert(report)
        }
    }

    /// Brings every touched report's document in line with its files.
    private func settle() throws {
        let start = Self.threadCPUNanoseconds()
        defer { identityNanoseconds += Self.threadCPUNanoseconds() - start }
        for report in touched.sorted() { try settle(report) }
        touched.removeAll()
        built.removeAll()
    }

    private func settle(_ report: String) throws {
        guard let g = groups.groups[report], let best = g.best, let primary = g.files[best] else { return }
        let k = g.shard
        let doc: Document
        var stored: StoredReport
        let existing = try dbs[k].documentID(uniqueTerm: IndexSchema.idPrefix + report).map { try dbs[k].document($0) }
        if g.indexed == best, let existing, let old = StoredReport.decode(try existing.data()) {
            // Same primary: only what the document says of its files changes.
            doc = existing
            stored = old
            stored.path = primary.path
            stored.size = primary.size
            stored.mtime = primary.mtime
        } else {
            // A new primary: the document is built from its text.
            let b: Indexer.BuiltFile
            if let cached = built[best] {
                b = cached
            } else {
                let entry = FileWalker.Entry(realPath: primary.path, size: primary.size, mtime: primary.mtime)
                let context = Indexer.PrepareContext(records: [:], goneByHash: [:], maxSize: options.maxSize, ocr: options.ocr,
                                                     keepAll: options.keepAll)
                switch Indexer.prepareOne(id: best, entry: entry, context: context) {
                case let .document(x):
                    b = x
                case let .skipped(skip):
                    summary.skipped.append(skip)
                    summary.removed += 1
                    try detach(best)
                    return try settle(report)
                case .unchangedContent, .moved:
                    return  // not returned without records or moves
                }
            }
            stored = b.stored
            doc = try document(from: b, as: report, stored: stored)
            termsSinceCommit += try doc.termCount()
            for (file, known) in g.files where known.indexed != (file == best) || (file == best && known.hash != b.record.hash) {
                guard var r = try fullRecord(file) else { continue }
                if file == best {
                    // The text read now is what the document holds: its record says so.
                    let fresh = b.record
                    r.hash = fresh.hash; r.size = fresh.size; r.mtime = fresh.mtime; r.sketch = fresh.sketch
                    r.rank = fresh.rank; r.figureList = fresh.figureList; r.year = fresh.year; r.agency = fresh.agency
                }
                r.indexed = file == best
                groups.update(file, r)
                try writeRecord(file, r)
            }
        }
        let files = groups.groups[report]!.ordered
        // One term per file finds the report by any of its paths, in any database or shard.
        let fileTerms = Set(files.map { IndexSchema.filePrefix + $0.id })
        let present = Set(try doc.terms(prefix: IndexSchema.filePrefix))
        for t in present.subtracting(fileTerms) { try doc.removeTerm(t) }
        for t in fileTerms.subtracting(present) { try doc.addBooleanTerm(t) }
        stored.id = report
        stored.copies = files.dropFirst().map { StoredReport.StoredCopy(path: $0.record.path, format: $0.record.format) }
        stored.disagreements = files.count < 2 ? [] : Self.disagreements(try files.compactMap { f in try fullRecord(f.id).map { (f.id, $0) } })
        try DocumentBuilder.store(stored, in: doc)
        try doc.setValue(IndexSchema.idSlot, report)
        _ = try dbs[k].replaceDocument(uniqueTerm: IndexSchema.idPrefix + report, doc)
    }

    /// CPU time of the calling thread, in nanoseconds: what a step costs, whatever else the machine runs.
    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// User and system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    /// The figures each copy gives otherwise than the primary (the first file).
    static func disagreements(_ files: [(id: String, record: FileRecord)]) -> [StoredReport.CopyDisagreement] {
        guard let primary = files.first?.record else { return [] }
        let mine = primary.figures
        var out: [StoredReport.CopyDisagreement] = []
        for (_, copy) in files.dropFirst() where copy.figureList != primary.figureList {
            let theirs = copy.figures
            for name in Set(mine.keys).union(theirs.keys).sorted() where mine[name] != theirs[name] {
                out.append(.init(figure: name, primary: mine[name], path: copy.path, copy: theirs[name]))
            }
        }
        return out
    }
}
