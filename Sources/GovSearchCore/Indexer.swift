import Dispatch
import Foundation
import Reports
import XapianKit

/// Builds or updates an index from folders of reports.
///
/// Reading, decoding, section splitting and tokenizing run on every core;
/// one writer feeds Xapian and commits every `commitEvery` reports, so a
/// crash loses at most the batch in flight and the last commit stays
/// searchable. Per-file records (size, mtime, hash) live in the index's
/// metadata and are committed with the documents they describe.
public final class Indexer {
    public struct Options: Sendable {
        public var roots: [String]
        public var indexPath: String
        public var rebuild = false
        public var commitEvery = 500
        public var strict = false
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

    public struct Skip: Codable, Sendable {
        public var path: String
        public var reason: String
    }

    public struct Summary: Codable, Sendable {
        public var indexed = 0
        public var unchanged = 0
        public var removed = 0
        public var moved = 0
        public var skipped: [Skip] = []
        public var warnings: [String] = []
        public var bytes = 0
        public var seconds = 0.0
        public var reports = 0
        public var finished = ""

        /// Skips counted by cause (the reason's text before the first colon).
        public var skipsByCause: [String: Int] {
            var out: [String: Int] = [:]
            for s in skipped { out[s.reason.split(separator: ":").first.map(String.init) ?? s.reason, default: 0] += 1 }
            return out
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

    private enum Prepared {
        case document(Document, StoredReport, [String])
        case unchangedContent(FileRecord)
        case skipped(Skip)
    }

    let options: Options

    public init(_ options: Options) { self.options = options }

    public func run(progress: ((Progress) -> Void)? = nil) throws -> Summary {
        let start = Date()
        let path = options.indexPath
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let db: Database
        do {
            db = try Database(writableAt: path, mode: options.rebuild ? .createOrOverwrite : .createOrOpen)
        } catch { throw GovSearchError.wrap(error, index: path) }
        do {
            return try update(db, start: start, progress: progress)
        } catch {
            throw GovSearchError.wrap(error, index: path)
        }
    }

    private func update(_ db: Database, start: Date, progress: ((Progress) -> Void)?) throws -> Summary {
        var summary = Summary()
        var records: [String: FileRecord] = [:]
        for key in try db.metadataKeys(prefix: IndexSchema.fileRecordPrefix) {
            if let r = FileRecord(try db.metadata(key)) { records[String(key.dropFirst(IndexSchema.fileRecordPrefix.count))] = r }
        }

        let walk = FileWalker.walk(options.roots)
        for p in walk.problems { summary.skipped.append(Skip(path: p.path, reason: p.reason)) }
        if walk.roots.isEmpty {
            throw GovSearchError.badArgument("nothing to index: \(options.roots.joined(separator: ", ")) not found")
        }

        // Decide per file: unchanged (size and mtime agree) or to be read.
        var seen = Set<String>()
        var todo: [(id: String, entry: FileWalker.Entry)] = []
        for entry in walk.files {
            let id = ReportID.make(forRealPath: entry.realPath)
            seen.insert(id)
            if let r = records[id], r.size == entry.size, r.mtime == entry.mtime {
                summary.unchanged += 1
            } else {
                todo.append((id, entry))
            }
        }

        // Reports whose files are gone: under a walked root, or no longer on disk at all.
        for (id, record) in records where !seen.contains(id) {
            let underRoot = walk.roots.contains { record.path == $0 || record.path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            if underRoot || !FileManager.default.fileExists(atPath: record.path) {
                try db.deleteDocuments(uniqueTerm: IndexSchema.idPrefix + id)
                try db.setMetadata(IndexSchema.fileRecordPrefix + id, "")
                summary.removed += 1
            }
        }

        let total = todo.count
        var done = 0
        let chunk = max(1, min(options.commitEvery, 128))
        var sinceCommit = 0
        var pending = prepare(todo, 0..<min(chunk, total), records)
        var next = 0
        while next < total {
            let range = next..<min(next + chunk, total)
            let current = pending
            var upcoming: [Prepared] = []
            let group = DispatchGroup()
            let following = range.upperBound..<min(range.upperBound + chunk, total)
            if !following.isEmpty {
                DispatchQueue.global().async(group: group) { upcoming = self.prepare(todo, following, records) }
            }
            for (offset, item) in current.enumerated() {
                let (id, entry) = todo[range.lowerBound + offset]
                switch item {
                case let .document(doc, stored, warnings):
                    try db.replaceDocument(uniqueTerm: IndexSchema.idPrefix + id, doc)
                    let record = FileRecord(size: entry.size, mtime: entry.mtime, hash: stored.hash, path: entry.realPath)
                    try db.setMetadata(IndexSchema.fileRecordPrefix + id, record.encoded)
                    summary.indexed += 1
                    summary.warnings.append(contentsOf: warnings)
                case let .unchangedContent(record):
                    try db.setMetadata(IndexSchema.fileRecordPrefix + id, record.encoded)
                    summary.unchanged += 1
                case let .skipped(skip):
                    summary.skipped.append(skip)
                }
                summary.bytes += entry.size
                done += 1
                sinceCommit += 1
            }
            if sinceCommit >= options.commitEvery {
                try db.commit()
                sinceCommit = 0
            }
            group.wait()
            pending = upcoming
            next = range.upperBound
            progress?(Progress(done: done, total: total, bytes: summary.bytes, elapsed: Date().timeIntervalSince(start)))
        }

        summary.seconds = Date().timeIntervalSince(start)
        summary.reports = try db.documentCount()
        summary.finished = ISO8601DateFormatter().string(from: Date())
        if let data = try? JSONEncoder().encode(summary) {
            try db.setMetadata(IndexSchema.lastRunKey, String(decoding: data, as: UTF8.self))
        }
        try db.setMetadata(IndexSchema.schemaKey, IndexSchema.schemaVersion)
        try db.commit()
        try db.close()
        return summary
    }

    /// Reads and builds the documents of todo[range] in parallel.
    private func prepare(_ todo: [(id: String, entry: FileWalker.Entry)], _ range: Range<Int>,
                         _ records: [String: FileRecord]) -> [Prepared] {
        let out = UnsafeMutableBufferPointer<Prepared?>.allocate(capacity: range.count)
        out.initialize(repeating: nil)
        defer { out.deallocate() }
        DispatchQueue.concurrentPerform(iterations: range.count) { k in
            let (id, entry) = todo[range.lowerBound + k]
            out[k] = Self.prepareOne(id: id, entry: entry, previous: records[id])
        }
        return out.map { $0! }
    }

    private static func prepareOne(id: String, entry: FileWalker.Entry, previous: FileRecord?) -> Prepared {
        let path = entry.realPath
        guard let data = FileManager.default.contents(atPath: path) else {
            return .skipped(Skip(path: path, reason: "unreadable: permission denied or vanished"))
        }
        let hash = ReportID.contentHash(data)
        if let previous, previous.hash == hash {
            return .unchangedContent(FileRecord(size: entry.size, mtime: entry.mtime, hash: hash, path: path))
        }
        do {
            let report = try ReportReader.read(path: path)
            let info = DocumentBuilder.FileInfo(realPath: path, size: entry.size, mtime: entry.mtime, hash: hash)
            let (doc, stored) = try DocumentBuilder.build(report, file: info)
            return .document(doc, stored, report.warnings)
        } catch {
            return .skipped(Skip(path: path, reason: "\(error)"))
        }
    }
}
