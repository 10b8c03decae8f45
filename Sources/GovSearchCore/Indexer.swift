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
/// chunk ahead of the single writer (`IndexUpdate`) that decides which report
/// each file is — a new one, or a copy of one the index has — feeds Xapian and
/// commits every `commitEvery` files. Each batch between two commits is one
/// Xapian transaction per database: a crash (even `kill -9`) or an error loses
/// at most the files since the last commit, and the next run redoes them.
/// Per-file records (`F:<id>` metadata: size, mtime, content hash, report,
/// sketch, real path) are written in the same transaction as the reports they
/// belong to, so the index and its records always agree.
///
/// Incremental: a file whose size and mtime match its record is not opened; a
/// file whose content hash matches is not re-tokenized; a file that moved (its
/// content hash is that of a file that is gone) takes the gone file's place in
/// its report without re-tokenizing; a report whose last file is gone is deleted,
/// and one whose primary file is gone is rebuilt from its next file.
public final class Indexer {
    public struct Options: Sendable {
        public var roots: [String]
        public var indexPath: String
        public var rebuild = false
        public var commitEvery = defaultCommitEvery
        /// 500, not the reference's 1000 (issue 25's fifth stop): 10,000 reports took 48.3 s against
        /// 51.1–51.4 s (runs taking turns); at 100,000, 669 and 775 s against 689 and 669 s (within
        /// the machine's noise), with 65 MiB less at the peak (225–227 against 290 MiB).
        public static let defaultCommitEvery = 500
        public static let defaultBatchMegabytes = 64
        /// Commit sooner once the documents written since the last commit hold this many terms
        /// (distinct terms of each document, summed): Xapian keeps each in memory until the commit,
        /// so a batch of long reports would hold several times a batch of short ones.
        public var batchTermLimit = batchTerms(megabytes: defaultBatchMegabytes)
        /// What Xapian holds of one term of a new document until the commit, with its positions:
        /// a batch of 1,000 generated reports of 928 terms each took about 115 MB.
        static let bytesPerBatchTerm = 125
        /// The term limit that keeps a batch within about this many MB.
        public static func batchTerms(megabytes: Int) -> Int { max(1, megabytes * 1_048_576 / bytesPerBatchTerm) }
        public var strict = false
        /// Files larger than this many bytes are skipped ("too large").
        public var maxSize = 20 * 1024 * 1024
        /// Read scanned PDFs by OCR (`--no-ocr` turns it off).
        public var ocr = true
        /// Index files that are no disclosure report too (`--keep-all`); else they
        /// are skipped as "not a report" with ReportKind's reason.
        public var keepAll = false
        /// Compact the index after a run that wrote at least half its reports (`--no-compact` keeps it as written).
        public var compact = true
        /// Shard databases (`--shards N`), all fed by the one writer; nil keeps the index's layout (one for a new index).
        public var shards: Int?
        /// Files the writer writes between two checks for a due commit; workers read up to two
        /// chunks ahead of it.
        var chunkSize = 64
        /// How much lower the workers' priority is than the writer's (a nice increment): the
        /// writer is the bottleneck, so the workers get what it leaves of the cores.
        static let workerNiceness: Int32 = 10
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
        /// Files read this run that joined a report as copies of it.
        public var copies = 0
        /// Files of the index's reports after the run (a report has one or more).
        public var files = 0
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
        /// CPU time of the whole run, and of finding copies in it (sketching every text on the
        /// workers, matching and settling reports on the writer): what report identity costs.
        public var cpuSeconds = 0.0
        public var identitySeconds = 0.0
        /// Time spent compacting the index after the run (nil: not compacted); in `seconds` too.
        public var compactSeconds: Double?
        /// Commits the run made (the last one included).
        public var commits = 0

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

    /// A file read and built into a document, with the record it will have (its report not yet known).
    struct BuiltFile {
        var document: Document
        var stored: StoredReport
        var record: FileRecord
        var warnings: [String]
        /// Time spent sketching its text.
        var sketchNanoseconds: UInt64 = 0
    }

    enum Prepared {
        case document(BuiltFile)
        /// The same bytes as its record (only the size or mtime moved).
        case unchangedContent(size: Int, mtime: Double)
        /// The same bytes as the files `from` (files that are gone): a move.
        case moved(from: [String], size: Int, mtime: Double)
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
        var summary: Summary
        do {
            summary = try IndexUpdate(options: options, dbs: dbs, walk: walk, start: start, progress: progress).run()
        } catch {
            // The update cancelled its batch: every database is at its last commit.
            throw Self.wrap(error, index: dbs.count == 1 ? path : layout.paths[0])
        }
        // (IndexUpdate.run closed every database: compaction takes the write lock itself.)
        // A run that wrote most of the index leaves its B-trees' blocks half full (each commit
        // splits them where the next batch's entries go): compacting then makes the index 40 %
        // smaller for 7 % of the run (10,000 generated reports: 377 → 218 MB in 3.2 s of 43 s).
        if options.compact && summary.indexed > 0 && summary.indexed * 2 >= summary.reports {
            do {
                let c = try IndexMaintenance.compact(indexPath: path)
                summary.compactSeconds = c.seconds
                summary.seconds += c.seconds
            } catch {
                // The run's commits stand and compaction leaves the index as it was: say so, don't fail.
                summary.warnings.append("the index was not compacted (\(Self.oneLine("\(error)"))); it is complete: `govsearch compact` can do it later")
            }
        }
        return summary
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

    struct PrepareContext: @unchecked Sendable {
        var records: [String: KnownFile]
        var goneByHash: [String: [String]]
        var maxSize: Int
        var ocr = true
        var keepAll = false
        /// Reads a file in full, whatever its record says.
        var fresh: PrepareContext { var c = self; c.records = [:]; c.goneByHash = [:]; return c }
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
        if let previous = context.records[id], previous.hash == hash, previous.path == path {
            return .unchangedContent(size: entry.size, mtime: entry.mtime)
        }
        if let from = context.goneByHash[hash], !from.isEmpty {
            return .moved(from: from, size: entry.size, mtime: entry.mtime)
        }
        do {
            let report = try ReportReader.read(path: path, data: data, ocr: context.ocr)
            if !context.keepAll, let why = ReportKind.rejection(report) {
                return .skipped(Skip(path: path, reason: "not a report: \(why) (--keep-all indexes it)"))
            }
            let info = DocumentBuilder.FileInfo(realPath: path, size: entry.size, mtime: entry.mtime)
            let built = try DocumentBuilder.build(report, file: info)
            let figures = built.stored.figures ?? [:]
            let broken = Set(built.stored.brokenTables ?? [])
            let readFigures = figures.keys.filter { !broken.contains(FigureAccess.table(of: $0)) }.count
            let rank = FileRank(ocr: report.ocr, figures: readFigures,
                                formatClass: FileRank.formatClass(ReportFormat(path: path)), characters: built.sketch.characters)
            let record = FileRecord(size: entry.size, mtime: entry.mtime, hash: hash, report: "", indexed: false, rank: rank,
                                    year: report.metadata.year, agency: report.metadata.agency,
                                    format: ReportFormat(path: path)?.rawValue ?? "",
                                    sketch: built.sketch, figures: figures, path: path)
            return .document(BuiltFile(document: built.document, stored: built.stored, record: record, warnings: report.warnings,
                                       sketchNanoseconds: built.sketchNanoseconds))
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
