import Foundation
import XapianKit

/// How an index directory holds its databases: one Xapian database, or (`index --shards N`)
/// the shard databases `shard-0` … `shard-<N-1>` and a Xapian stub file `XAPIANDB` listing
/// them, so that Xapian itself (and `xapian-delve`) opens the directory as one database.
/// The stub may also name shards served by `xapian-tcpsrv` on other machines:
///
///     auto shard-0
///     remote 10.0.0.7:7001
///
/// A report's shard is fixed by its id (a hash of its real path), so re-runs stay incremental.
public struct ShardLayout: Equatable, Sendable {
    public enum Shard: Equatable, Sendable {
        /// An absolute path.
        case local(String)
        case remote(host: String, port: Int)

        public var name: String {
            switch self {
            case let .local(p): return p
            case let .remote(h, p): return "remote \(h):\(p)"
            }
        }
    }

    public var indexPath: String
    public var shards: [Shard]
    /// False: the directory is itself the one database.
    public var isStub: Bool

    static let stubName = "XAPIANDB"
    static func shardName(_ k: Int) -> String { "shard-\(k)" }

    /// The shard holding the report with this id, among `count`.
    static func shard(ofReport id: String, count: Int) -> Int {
        count <= 1 ? 0 : Int(UInt64(id, radix: 16).map { $0 % UInt64(count) } ?? 0)
    }

    static func stubPath(_ indexPath: String) -> String { indexPath + "/" + stubName }

    /// The layout the directory has now (a plain database when it has no stub).
    public static func read(indexPath: String) throws -> ShardLayout {
        let stub = stubPath(indexPath)
        guard FileManager.default.fileExists(atPath: stub) else {
            return ShardLayout(indexPath: indexPath, shards: [.local(indexPath)], isStub: false)
        }
        guard let text = try? String(contentsOfFile: stub, encoding: .utf8) else {
            throw GovSearchError.index(path: indexPath, message: "cannot read the shard list \(stub)")
        }
        var shards: [Shard] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let bad = GovSearchError.index(path: indexPath, message: "\(stub) line \(n + 1): '\(line)' is not 'auto PATH' or 'remote HOST:PORT'")
            guard parts.count == 2 else { throw bad }
            let arg = parts[1].trimmingCharacters(in: .whitespaces)
            switch parts[0] {
            case "auto", "glass":
                shards.append(.local(arg.hasPrefix("/") ? arg : indexPath + "/" + arg))
            case "remote":
                guard let colon = arg.lastIndex(of: ":"), let port = Int(arg[arg.index(after: colon)...]),
                      (1...65535).contains(port), colon > arg.startIndex else { throw bad }
                shards.append(.remote(host: String(arg[..<colon]), port: port))
            default:
                throw bad
            }
        }
        if shards.isEmpty { throw GovSearchError.index(path: indexPath, message: "the shard list \(stub) names no shard") }
        return ShardLayout(indexPath: indexPath, shards: shards, isStub: true)
    }

    /// The local shard paths (the indexer writes these; remote shards are indexed where they live).
    public var localPaths: [String] {
        shards.compactMap { if case let .local(p) = $0 { return p } else { return nil } }
    }

    /// Milliseconds a remote shard may take to connect or answer (GOVSEARCH_REMOTE_TIMEOUT_MS).
    static var remoteTimeout: Int {
        ProcessInfo.processInfo.environment["GOVSEARCH_REMOTE_TIMEOUT_MS"].flatMap(Int.init) ?? 10_000
    }

    /// Opens every shard and combines them into one database for searching. A shard that cannot
    /// be opened is an error naming it, unless it is remote and `allowPartial` (then it is left out
    /// and named in `missing`). Local shards must stand in the list in their own numbers' order.
    public func open(allowPartial: Bool = false) throws -> (database: Database, missing: [String]) {
        if !isStub { return (try Database(path: indexPath), []) }
        var combined: Database?
        var missing: [String] = []
        for (k, shard) in shards.enumerated() {
            let db: Database
            do {
                switch shard {
                case let .local(p): db = try Database(path: p)
                case let .remote(h, port):
                    db = try Database(remoteHost: h, port: port, timeoutMilliseconds: Self.remoteTimeout,
                                      connectTimeoutMilliseconds: Self.remoteTimeout)
                }
            } catch let e as XapianError {
                let what = "shard \(k + 1) of \(shards.count) (\(shard.name)) cannot be opened: \(Indexer.oneLine(e.message))"
                guard case .remote = shard else { throw GovSearchError.index(path: indexPath, message: what) }
                if allowPartial { missing.append(what); continue }
                throw GovSearchError.index(path: indexPath, message: what + " (--allow-partial searches the others)")
            }
            if case .local = shard, let own = Int(try db.metadata(IndexSchema.shardKey)), own != k {
                throw GovSearchError.index(path: indexPath, message: "\(Self.stubName) names \(shard.name) as shard \(k), but it was written as shard \(own): list the shards in their order")
            }
            if let c = combined { try c.add(db) } else { combined = db }
        }
        guard let combined else {
            throw GovSearchError.index(path: indexPath, message: "no shard could be opened: " + missing.joined(separator: "; "))
        }
        return (combined, missing)
    }

    /// Writes the stub for `count` local shards (atomically: a temporary file renamed over it).
    static func writeStub(indexPath: String, count: Int) throws {
        let text = (0..<count).map { "auto \(shardName($0))\n" }.joined()
        let tmp = stubPath(indexPath) + ".tmp-\(getpid())"
        do {
            try text.write(toFile: tmp, atomically: false, encoding: .utf8)
            guard rename(tmp, stubPath(indexPath)) == 0 else { throw GovSearchError.index(path: indexPath, message: "cannot write the shard list") }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw GovSearchError.index(path: indexPath, message: "cannot write the shard list \(stubPath(indexPath)): \(Indexer.posixReason(error))")
        }
    }
}
