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
}
