import Foundation
import Reports
import XapianKit
#if canImport(Glibc)
import Glibc
#endif

/// What `govsearch status` shows: read from the last commit, without the write lock.
public struct IndexStatus: Sendable {
    public var path: String
    public var reports: Int
    /// Reports having each section.
    public var sections: [(key: SectionKey, count: Int)]
    /// Reports per year, by year.
    public var years: [(year: Int, count: Int)]
    public var agencies: Int
    /// Files of the reports (a report's primary and its copies), each with its record for incremental updates.
    public var files: Int
    public var sizeBytes: Int
    /// The summary the last completed `index` run stored (nil before the first).
    public var lastRun: Indexer.Summary?

    public static func read(indexPath path: String) throws -> IndexStatus {
        guard IndexMaintenance.isIndex(path) else { throw GovSearchError.noIndex(path: path) }
        do {
            let layout = try ShardLayout.read(indexPath: path)
            let db = try layout.open().database
            let reports = try db.documentCount()
            var sections: [(SectionKey, Int)] = []
            for key in SectionKey.allCases {
                sections.append((key, try db.termFrequency(IndexSchema.sectionPrefix + key.rawValue)))
            }
            var years: [(Int, Int)] = []
            for (term, n) in try db.allTerms(prefix: IndexSchema.yearPrefix) {
                if let y = Int(term.dropFirst(IndexSchema.yearPrefix.count)) { years.append((y, n)) }
            }
            years.sort { $0.0 < $1.0 }
            let agencies = try db.allTerms(prefix: IndexSchema.agencyPrefix).count
            // Metadata of several databases is the first one's: file records are counted per shard.
            var records = 0
            for p in layout.localPaths {
                records += try (layout.isStub ? Database(path: p) : db).metadataKeys(prefix: IndexSchema.fileRecordPrefix).count
            }
            let raw = try db.metadata(IndexSchema.lastRunKey)
            let lastRun = raw.isEmpty ? nil : try? JSONDecoder().decode(Indexer.Summary.self, from: Data(raw.utf8))
            return IndexStatus(path: path, reports: reports, sections: sections, years: years, agencies: agencies,
                               files: records, sizeBytes: layout.localPaths.map(IndexMaintenance.diskSize).reduce(0, +),
                               lastRun: lastRun)
        } catch {
            throw Indexer.wrap(error, index: path)
        }
    }
}

extension IndexStatus: JSONWritable {
    /// The `status --json` object.
    public func write(to w: JSONWriter) {
        w.object {
            w.key("index"); w.string(path)
            w.key("reports"); w.int(reports)
            w.key("sections"); w.object { for (k, n) in sections { w.key(k.rawValue); w.int(n) } }
            w.key("years"); w.object { for (y, n) in years { w.key(String(y)); w.int(n) } }
            w.key("year_range")
            if let a = years.first?.year, let b = years.last?.year {
                w.array { w.element(); w.int(a); w.element(); w.int(b) }
            } else { w.null() }
            w.key("agencies"); w.int(agencies)
            w.key("files"); w.int(files)
            w.key("size_bytes"); w.int(sizeBytes)
            w.key("last_update"); w.optionalString(lastRun?.finished)
            w.key("last_run")
            if let r = lastRun {
                w.object {
                    w.key("indexed"); w.int(r.indexed)
                    w.key("unchanged"); w.int(r.unchanged)
                    w.key("moved"); w.int(r.moved)
                    w.key("removed"); w.int(r.removed)
                    w.key("copies"); w.int(r.copies)
                    w.key("files"); w.int(r.files)
                    w.key("skipped"); w.int(r.skippedCount)
                    w.key("skipped_by_cause"); w.object { for (c, n) in r.skipsByCause.sorted(by: { $0.key < $1.key }) { w.key(c); w.int(n) } }
                    w.key("skipped_files")
                    w.array { for s in r.skipped { w.element(); w.object { w.key("path"); w.string(s.path); w.key("reason"); w.string(s.reason) } } }
                    w.key("bytes"); w.int(r.bytes)
                    w.key("seconds"); w.double(r.seconds)
                    w.key("cpu_seconds"); w.double(r.cpuSeconds)
                    w.key("identity_cpu_seconds"); w.double(r.identitySeconds)
                }
            } else { w.null() }
        }
    }
}

/// Index-wide operations that need the write lock.
public enum IndexMaintenance {
    public struct CompactResult: Sendable {
        public var before: Int
        public var after: Int
        public var reports: Int
        public var seconds: Double
    }

    /// A Xapian (glass) database lives in `path`.
    static func isIndex(_ path: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: path + "/iamglass") || fm.fileExists(atPath: path + "/iamchert")
            || fm.fileExists(atPath: ShardLayout.stubPath(path))
    }

    /// Bytes of the files in the index directory.
    static func diskSize(_ path: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return 0 }
        var total = 0
        for n in names {
            var st = stat()
            if stat(path + "/" + n, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { total += Int(st.st_size) }
        }
        return total
    }

    /// Compacts the index in place: holds the write lock (no indexer can run),
    /// writes a compacted copy into a new directory next to it, checks it, swaps
    /// the two directories in one atomic rename, then removes the old copy.
    /// Readers keep working throughout; on any failure the index is untouched.
    /// A sharded index is compacted shard by shard (each with its own lock and swap).
    public static func compact(indexPath path: String) throws -> CompactResult {
        guard isIndex(path) else { throw GovSearchError.noIndex(path: path) }
        let layout = try ShardLayout.read(indexPath: path)
        guard layout.isStub else { return try compactOne(indexPath: path) }
        guard layout.localPaths.count == layout.shards.count else {
            throw GovSearchError.badArgument("\(path) lists remote shards: compact each one on the machine that serves it")
        }
        var total = CompactResult(before: 0, after: 0, reports: 0, seconds: 0)
        for p in layout.localPaths {
            let r = try compactOne(indexPath: p)
            total.before += r.before; total.after += r.after; total.reports += r.reports; total.seconds += r.seconds
        }
        return total
    }

    static func compactOne(indexPath path: String) throws -> CompactResult {
        let start = Date()
        guard isIndex(path) else { throw GovSearchError.noIndex(path: path) }
        let lock: Database
        do { lock = try Database(writableAt: path, mode: .existing) } catch { throw Indexer.wrap(error, index: path) }
        let parent = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        // Leftovers of an interrupted compaction (we hold the lock: none is running).
        for n in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where n.hasPrefix(base + ".compact-") {
            try? FileManager.default.removeItem(atPath: parent + "/" + n)
        }
        let tmp = parent + "/" + base + ".compact-\(getpid())"
        let before = diskSize(path)
        let reports: Int
        do {
            reports = try lock.documentCount()
            try Database.compact(path: path, into: tmp)
            let check = try Database(path: tmp)
            let n = try check.documentCount()
            try check.close()
            guard n == reports else {
                throw GovSearchError.index(path: path, message: "compacted copy holds \(n) reports, not \(reports); index left as it was")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            if error is GovSearchError { throw error }
            throw GovSearchError.index(path: path, message: "compaction failed: \(Indexer.oneLine("\(error)")); index left as it was")
        }
        let after = diskSize(tmp)
        do {
            try exchange(tmp, path)
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw GovSearchError.index(path: path, message: "cannot swap in the compacted copy: \(error); index left as it was")
        }
        try? lock.close()
        // `tmp` now holds the old copy.
        try? FileManager.default.removeItem(atPath: tmp)
        return CompactResult(before: before, after: after, reports: reports, seconds: Date().timeIntervalSince(start))
    }

    struct RenameError: Error, CustomStringConvertible {
        var description: String
    }

    /// Swaps two directories atomically (Linux renameat2 RENAME_EXCHANGE);
    /// falls back to two renames where the file system lacks it.
    static func exchange(_ a: String, _ b: String) throws {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        let atFDCWD: Int32 = -100
        let renameExchange: UInt32 = 2
        if let sym = dlsym(nil, "renameat2") {
            let f = unsafeBitCast(sym, to: RenameAt2.self)
            if f(atFDCWD, a, atFDCWD, b, renameExchange) == 0 { return }
            let e = errno
            if e != EINVAL && e != ENOSYS { throw RenameError(description: String(cString: strerror(e))) }
        }
        let aside = b + ".old-\(getpid())"
        guard rename(b, aside) == 0 else { throw RenameError(description: String(cString: strerror(errno))) }
        guard rename(a, b) == 0 else {
            let e = errno
            _ = rename(aside, b)
            throw RenameError(description: String(cString: strerror(e)))
        }
        guard rename(aside, a) == 0 else { throw RenameError(description: String(cString: strerror(errno))) }
    }
}
