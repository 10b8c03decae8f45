import Dispatch
import Foundation
import XapianKit

/// `index --shards N`: the layout an indexing run writes, and N writers running at once, one
/// per shard, each with the crash safety and the lock of a single index.
enum ShardWriting {
    struct Plan {
        /// The databases to open for writing, in shard order (the index directory itself when unsharded).
        var paths: [String]
        /// Write the stub once the shards are open (a new or reshaped sharded index).
        var writeStub: Bool
    }

    /// Decides the layout: the index's own unless `wanted` differs, which needs `--rebuild`
    /// (a report's shard depends on the shard count). A rebuild to another count clears the old layout.
    static func layout(_ path: String, wanted: Int?, rebuild: Bool) throws -> Plan {
        if let w = wanted, !(1...64).contains(w) { throw GovSearchError.badArgument("--shards must be 1 to 64, not \(w)") }
        let existing = try ShardLayout.read(indexPath: path)
        if existing.isStub {
            if existing.localPaths.count != existing.shards.count {
                throw GovSearchError.badArgument("\(path) lists remote shards: index each one on the machine that serves it (govsearch index DIR --index SHARD)")
            }
            let count = existing.shards.count
            if wanted == nil || wanted == count {
                return Plan(paths: existing.localPaths, writeStub: false)
            }
            guard rebuild else {
                throw GovSearchError.badArgument("\(path) has \(count) shards, not \(wanted!): add --rebuild to index it again with \(wanted!)")
            }
        } else {
            let w = wanted ?? 1
            if w == 1 { return Plan(paths: [path], writeStub: false) }
            if IndexMaintenance.isIndex(path) && !rebuild {
                throw GovSearchError.badArgument("\(path) is one database: add --rebuild to index it again in \(w) shards")
            }
        }
        try clear(path)
        let w = wanted ?? 1
        if w == 1 { return Plan(paths: [path], writeStub: false) }
        return Plan(paths: (0..<w).map { path + "/" + ShardLayout.shardName($0) }, writeStub: true)
    }

    /// Removes what Xapian and govsearch put in an index directory (a rebuild to another layout).
    static func clear(_ path: String) throws {
        let fm = FileManager.default
        for n in (try? fm.contentsOfDirectory(atPath: path)) ?? [] {
            let isOurs = n.hasSuffix(".glass") || n == "iamglass" || n == "flintlock" || n == ShardLayout.stubName
                || (n.hasPrefix("shard-") && Int(n.dropFirst(6)) != nil)
            if isOurs {
                do { try fm.removeItem(atPath: path + "/" + n) } catch {
                    throw GovSearchError.index(path: path, message: "cannot clear \(n) for the new layout: \(Indexer.posixReason(error))")
                }
            }
        }
    }

    /// Runs one writer per shard at once over that shard's files and merges their summaries;
    /// the merged last-run summary is kept in shard 0 (where `status` reads it).
    static func run(_ indexer: Indexer, _ dbs: [Database], paths: [String], walk: Indexer.Walk, start: Date,
                    progress: ((Indexer.Progress) -> Void)?) throws -> Indexer.Summary {
        let n = dbs.count
        var parts = [[FileWalker.Entry]](repeating: [], count: n)
        for f in walk.files { parts[ShardLayout.shard(ofReport: ReportID.make(forRealPath: f.realPath), count: n)].append(f) }

        let lock = NSLock()
        let each = Indexer.Box<[Indexer.Progress?]>(Array(repeating: nil, count: n))
        let results = Indexer.Box<[Result<Indexer.Summary, Error>?]>(Array(repeating: nil, count: n))
        DispatchQueue.concurrentPerform(iterations: n) { k in
            let report: ((Indexer.Progress) -> Void)? = progress.map { report in
                { p in
                    lock.lock(); defer { lock.unlock() }
                    each.value[k] = p
                    let all = each.value.compactMap { $0 }
                    report(Indexer.Progress(done: all.map(\.done).reduce(0, +), total: walk.files.count,
                                            bytes: all.map(\.bytes).reduce(0, +), elapsed: Date().timeIntervalSince(start)))
                }
            }
            let r = Result { try indexer.updateShard(dbs[k], k, files: parts[k], roots: walk.roots, start: start, progress: report) }
            lock.lock(); results.value[k] = r; lock.unlock()
        }
        var merged = Indexer.Summary()
        for p in walk.problems { merged.skipped.append(Indexer.Skip(path: p.path, reason: p.reason)) }
        for (k, r) in results.value.enumerated() {
            switch r! {
            case let .failure(e): throw Indexer.wrap(e, index: paths[k])
            case let .success(s):
                merged.indexed += s.indexed; merged.unchanged += s.unchanged; merged.removed += s.removed
                merged.moved += s.moved; merged.skipped += s.skipped; merged.warnings += s.warnings
                merged.bytes += s.bytes; merged.reports += s.reports
                merged.writerSeconds = max(merged.writerSeconds, s.writerSeconds)
                merged.waitSeconds = max(merged.waitSeconds, s.waitSeconds)
            }
        }
        merged.skipped.sort { $0.path < $1.path }
        merged.seconds = Date().timeIntervalSince(start)
        merged.finished = ISO8601DateFormatter().string(from: Date())
        merged.skippedCount = merged.skipped.count
        merged.skipCauses = merged.skipsByCause
        do {
            let first = try Database(writableAt: paths[0], mode: .existing)
            // A transaction, so that a failure leaves nothing pending for the destructor to commit.
            try first.transaction {
                if let data = try? JSONEncoder().encode(merged.stored()) {
                    try first.setMetadata(IndexSchema.lastRunKey, String(decoding: data, as: UTF8.self))
                }
            }
            try first.close()
        } catch { throw Indexer.wrap(error, index: paths[0]) }
        return merged
    }
}
