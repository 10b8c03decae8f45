import Foundation
@testable import GovSearchCore
import TestSupport
@testable import XapianKit
import XCTest

/// Runs the real `govsearch` binary: kills, locks, concurrent searches,
/// permissions, a full disk, and the command-line output of index/status/compact.
final class IndexRobustnessTests: XCTestCase {
    var binary: String { Command.govsearch }
    /// Every generated report says 政府信息公开 (checked by a naive scan in `corpus()`).
    static let commonWord = "政府信息公开"

    struct Corpus {
        var dir: String
        /// Real path -> truth record.
        var truth: [String: [String: Any]]
        /// Real paths whose text holds `commonWord` (the oracle's decoding and normalization).
        var withCommonWord: Set<String>
    }

    nonisolated(unsafe) static var cached: [Int: Corpus] = [:]

    /// A generated corpus, made once per test process and never modified.
    func corpus(_ count: Int) throws -> Corpus {
        if let c = Self.cached[count] { return c }
        let dir = TempDir.perProcess("clicorpus-\(count)")
        let truth = try CorpusGenerator.generate(count, into: dir, seed: 23)
        let texts = try TextOracle.normalizedTexts(below: dir)
        XCTAssertEqual(Set(texts.keys), Set(truth.keys), "the oracle reads every generated report")
        let common = Set(texts.filter { TextOracle.contains($0.value, Self.commonWord) }.keys)
        let c = Corpus(dir: TestPaths.realPath(dir)!, truth: truth, withCommonWord: common)
        Self.cached[count] = c
        return c
    }

    func tempDir(_ name: String) throws -> String { try TempDir.make("cli-\(name)") }

    /// A generated corpus copied into `docs` of a new temporary directory (the test may change it).
    func copiedCorpus(_ count: Int, into name: String) throws -> (corpus: Corpus, dir: String, docs: String) {
        let c = try corpus(count)
        let dir = try tempDir(name)
        try FileManager.default.copyItem(atPath: c.dir, toPath: dir + "/docs")
        return (c, dir, dir + "/docs")
    }

    typealias Output = Command.Output

    @discardableResult
    func run(_ exe: String, _ args: [String]) throws -> Output { try Command.run(exe, args) }

    func govsearch(_ args: [String]) throws -> Output { try run(binary, args) }

    func startIndexer(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["index"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Paths the index holds (from the stored documents), and its F: record count, at one revision.
    func contents(_ index: String) throws -> (paths: Set<String>, records: Int) {
        let paths = try IndexProbe.indexedPaths(index)
        XCTAssertEqual(paths.count, try Database(path: index).documentCount())
        return (Set(paths), try IndexProbe.fileRecordCount(index))
    }

    func hits(_ index: String, _ query: String) throws -> Set<String> { try IndexProbe.hits(index, query) }

    func xapianCheck(_ index: String) throws {
        if let failure = try Command.xapianCheck(index) { XCTFail(failure) }
    }

    /// The index is consistent and every report in it is searchable.
    func checkConsistent(_ index: String, _ c: Corpus, sample: Int) throws -> Int {
        try xapianCheck(index)
        let (paths, records) = try contents(index)
        XCTAssertEqual(paths.count, records, "doccount equals the number of F: records")
        XCTAssertTrue(paths.isSubset(of: Set(c.truth.keys)))
        // One word every report holds: the hits are exactly the reports in the index.
        XCTAssertEqual(try hits(index, "\"\(Self.commonWord)\""), paths.intersection(c.withCommonWord))
        // Each sampled report is found by its agency's name.
        for path in paths.shuffled().prefix(sample) {
            let agency = c.truth[path]!["agency"] as! String
            XCTAssertTrue(try hits(index, "\"\(agency)\"").contains(path), "\(path) not found by \(agency)")
        }
        return paths.count
    }

    // MARK: - crash safety

    func testKillNineAtRandomMomentsThenFinish() throws {
        let c = try corpus(2000)
        let dir = try tempDir("kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let index = dir + "/index"
        var counts: [Int] = []
        var killedWhileRunning = 0
        for round in 0..<5 {
            let p = try startIndexer([c.dir, "--index", index, "--commit-every", "50"])
            let delay = Double.random(in: 0.15...0.9)
            Thread.sleep(forTimeInterval: delay)
            let wasRunning = p.isRunning
            if wasRunning { killedWhileRunning += 1 }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            print("kill \(round + 1) after \(String(format: "%.2f", delay))s (running: \(wasRunning)); ", terminator: "")
            guard IndexMaintenance.isIndex(index) else { counts.append(0); continue }  // killed before Xapian created it
            let n = try checkConsistent(index, c, sample: 15)
            counts.append(n)
            print("\(n) reports committed")
        }
        XCTAssertEqual(counts, counts.sorted(), "commits only grow")
        XCTAssertGreaterThan(killedWhileRunning, 0, "at least one kill hit a running indexer")
        let final = try govsearch(["index", c.dir, "--index", index])
        XCTAssertEqual(final.status, 0, final.stderr)
        XCTAssertTrue(final.stdout.contains("the index holds 2000 reports"), final.stdout)
        XCTAssertEqual(try checkConsistent(index, c, sample: 200), 2000)
        let again = try govsearch(["index", c.dir, "--index", index])
        XCTAssertTrue(again.stdout.hasPrefix("indexed 0 files, 2000 unchanged"), again.stdout)
    }

    // MARK: - locking and concurrent searches

    func testSecondIndexerFailsAtOnceAndSearchesSeeCommits() throws {
        let c = try corpus(2000)
        let dir = try tempDir("lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let index = dir + "/index"
        // Throttled so it is surely still running while we look.
        let a = try startIndexer([c.dir, "--index", index, "--commit-every", "20", "--throttle-ms", "500"])
        defer { if a.isRunning { kill(a.processIdentifier, SIGKILL); a.waitUntilExit() } }
        var seen: [Int] = []
        var searcher: Searcher?
        for _ in 0..<600 where seen.count < 4 {
            Thread.sleep(forTimeInterval: 0.05)
            if searcher == nil, IndexMaintenance.isIndex(index) { searcher = try? Searcher(indexPath: index) }
            guard let s = searcher else { continue }
            try s.reopen()
            let n = try s.documentCount()
            var req = SearchRequest(query: "\"\(Self.commonWord)\"")
            req.limit = 100_000; req.snippets = false; req.facets = []
            let found = try s.search(req)
            // Same revision: the word every report holds finds every report committed so far.
            XCTAssertEqual(found.total, n)
            XCTAssertEqual(n % 20, 0, "a commit holds whole batches")
            if n > 0 && seen.last != n { seen.append(n) }
        }
        XCTAssertTrue(a.isRunning, "the first indexer is throttled and still running")
        XCTAssertGreaterThanOrEqual(seen.count, 2, "searches saw successive commits: \(seen)")

        let b = try govsearch(["index", c.dir, "--index", index])
        XCTAssertEqual(b.status, 2)
        XCTAssertEqual(b.stderr, "govsearch: index \(index) is being updated by another process\n")
        XCTAssertEqual(b.stdout, "")
        let compact = try govsearch(["compact", "--index", index])
        XCTAssertEqual(compact.status, 2)
        XCTAssertEqual(compact.stderr, "govsearch: index \(index) is being updated by another process\n")
        let status = try govsearch(["status", "--index", index, "--json"])
        XCTAssertEqual(status.status, 0, "status reads without the lock")
        XCTAssertTrue(a.isRunning)
    }

    // MARK: - command line

    func testPipeOutputStrictQuietStatusAndCompact() throws {
        let (c, dir, docs) = try copiedCorpus(60, into: "cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: docs + "/empty.txt", contents: Data())
        let index = dir + "/index"

        let r = try govsearch(["index", docs, "--index", index])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 1, "one summary line on a pipe: \(r.stdout)")
        XCTAssertTrue(r.stdout.hasPrefix("indexed 60 files, 0 unchanged, 0 moved, 0 removed, 1 skipped (empty: 1) in "), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("the index holds 60 reports\n"))
        XCTAssertFalse(r.stderr.contains("\r"), "no progress bar on a pipe")
        XCTAssertEqual(r.stderr, "govsearch: skipped \(docs)/empty.txt: empty: file is empty\n")

        let q = try govsearch(["index", docs, "--index", index, "--quiet"])
        XCTAssertEqual([q.stdout, q.stderr], ["", ""])
        XCTAssertEqual(q.status, 0)

        let strict = try govsearch(["index", docs, "--index", index, "--strict"])
        XCTAssertEqual(strict.status, 2)
        XCTAssertTrue(strict.stderr.hasSuffix("govsearch: 1 file(s) skipped (--strict): \(docs)/empty.txt: empty: file is empty\n"), strict.stderr)

        let st = try govsearch(["status", "--index", index, "--json"])
        XCTAssertEqual(st.status, 0, st.stderr)
        let obj = try JSON.object(st.stdout)
        XCTAssertEqual(obj["reports"] as? Int, 60)
        XCTAssertEqual(obj["files"] as? Int, 60)
        let lastRun = obj["last_run"] as! [String: Any]
        XCTAssertEqual(lastRun["skipped"] as? Int, 1)
        XCTAssertEqual(lastRun["skipped_by_cause"] as? [String: Int], ["empty": 1])
        let years = obj["years"] as! [String: Int]
        XCTAssertEqual(years.values.reduce(0, +), 60, "every generated report has a year")
        let text = try govsearch(["status", "--index", index])
        XCTAssertTrue(text.stdout.contains("reports:    60\n"), text.stdout)

        let before = try hits(index, "\"\(Self.commonWord)\"")
        let cp = try govsearch(["compact", "--index", index])
        XCTAssertEqual(cp.status, 0, cp.stderr)
        XCTAssertTrue(cp.stdout.hasPrefix("compacted 60 reports: "), cp.stdout)
        XCTAssertEqual(try hits(index, "\"\(Self.commonWord)\""), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["docs", "index"])
        try xapianCheck(index)

        let none = try govsearch(["status", "--index", dir + "/none"])
        XCTAssertEqual(none.status, 2)
        XCTAssertEqual(none.stderr.split(separator: "\n").count, 1)
    }

    /// A run that writes most of the index ends by compacting it (smaller, same answers, nothing
    /// left beside it); `--no-compact` keeps it as written, and a run that changes little never compacts.
    func testAFullRunEndsCompactedUnlessToldNot() throws {
        let (c, dir, docs) = try copiedCorpus(60, into: "compact")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let compacted = dir + "/compacted", asWritten = dir + "/as-written"

        let full = try govsearch(["index", docs, "--index", compacted, "--verbose"])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertTrue(full.stderr.contains("govsearch: compacted the index in "), full.stderr)
        let kept = try govsearch(["index", docs, "--index", asWritten, "--verbose", "--no-compact"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertFalse(kept.stderr.contains("compacted"), kept.stderr)
        XCTAssertLessThan(IndexMaintenance.diskSize(compacted), IndexMaintenance.diskSize(asWritten))
        let want = Set(c.withCommonWord.map { docs + $0.dropFirst(c.dir.count) })
        XCTAssertFalse(want.isEmpty)
        XCTAssertEqual(try hits(compacted, "\"\(Self.commonWord)\""), want)
        XCTAssertEqual(try hits(asWritten, "\"\(Self.commonWord)\""), want)
        try xapianCheck(compacted)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["as-written", "compacted", "docs"])

        // One file of 60 changed: no compaction.
        let files = (FileManager.default.enumerator(atPath: docs)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        let one = try XCTUnwrap(files.first, "the corpus has text files")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: docs + "/" + one))
        handle.seekToEndOfFile()
        handle.write("\n本年度补充说明。\n".data(using: .utf8)!)
        handle.closeFile()
        let small = try govsearch(["index", docs, "--index", compacted, "--verbose"])
        XCTAssertEqual(small.status, 0, small.stderr)
        XCTAssertTrue(small.stdout.hasPrefix("indexed 1 files, 59 unchanged"), small.stdout)
        XCTAssertFalse(small.stderr.contains("compacted"), small.stderr)
    }

    // MARK: - permissions and a full disk

    /// Root reads everything, so the permission cases run as `nobody` via setpriv.
    func testUnreadableFilesAndReadOnlyIndexAsAnUnprivilegedUser() throws {
        var prefix: [String] = []
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("root without setpriv") }
            prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        func asUser(_ args: [String]) throws -> Output {
            prefix.isEmpty ? try govsearch(args) : try run(prefix[0], Array(prefix.dropFirst()) + [binary] + args)
        }
        let c = try corpus(60)
        let dir = try tempDir("perm")
        defer { chmodAll(dir); try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(chmod(dir, 0o777), 0)
        let docs = dir + "/docs"
        try FileManager.default.copyItem(atPath: c.dir, toPath: docs)
        let files = c.truth.keys.sorted().map { docs + $0.dropFirst(c.dir.count) }
        XCTAssertEqual(chmod(files[0], 0), 0)
        let closedDir = docs + "/closed"
        try FileManager.default.createDirectory(atPath: closedDir, withIntermediateDirectories: false)
        let inClosedDir = files[50..<55]
        for f in inClosedDir { try FileManager.default.moveItem(atPath: f, toPath: closedDir + "/" + (f as NSString).lastPathComponent) }
        XCTAssertEqual(chmod(closedDir, 0), 0)
        let index = dir + "/index"

        let r = try asUser(["index", docs, "--index", index])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = 60 - 1 - inClosedDir.count
        XCTAssertTrue(r.stdout.hasPrefix("indexed \(expected) files, 0 unchanged, 0 moved, 0 removed, 2 skipped (unreadable: 2)"), r.stdout)
        XCTAssertTrue(r.stderr.contains("govsearch: skipped \(files[0]): unreadable: Permission denied\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("govsearch: skipped \(closedDir): unreadable: directory cannot be listed"), r.stderr)
        XCTAssertEqual(try contents(index).paths.count, expected)

        // A read-only index directory: one line, exit 2, the index as it was.
        chmodAll(docs)
        if getuid() == 0 {
            // Owned by root again: `nobody` may not write, whatever the mode bits of the files.
            XCTAssertEqual(chown(index, 0, 0), 0)
            for n in try FileManager.default.contentsOfDirectory(atPath: index) { XCTAssertEqual(chown(index + "/" + n, 0, 0), 0) }
        } else {
            for n in try FileManager.default.contentsOfDirectory(atPath: index) { XCTAssertEqual(chmod(index + "/" + n, 0o444), 0) }
        }
        XCTAssertEqual(chmod(index, 0o555), 0)
        let ro = try asUser(["index", docs, "--index", index])
        XCTAssertEqual(ro.status, 2)
        XCTAssertEqual(ro.stderr.split(separator: "\n").count, 1, ro.stderr)
        XCTAssertTrue(ro.stderr.hasPrefix("govsearch: index \(index): "), ro.stderr)
        XCTAssertEqual(try contents(index).paths.count, expected)
        try xapianCheck(index)
        let st = try asUser(["status", "--index", index])
        XCTAssertEqual(st.status, 0, "status works on a read-only index: \(st.stderr)")
        chmod(index, 0o755)
    }

    private func chmodAll(_ dir: String) {
        chmod(dir, 0o777)
        for n in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            var st = stat()
            let p = dir + "/" + n
            guard lstat(p, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR { chmodAll(p) } else { chmod(p, 0o666) }
        }
    }

    /// A 1 MB tmpfs fills up mid-run: one line naming the index, exit 2, the last commit intact.
    func testFullDiskKeepsTheLastCommit() throws {
        let c = try corpus(300)
        let dir = try tempDir("full")
        let mnt = dir + "/mnt"
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        defer { _ = try? run("/bin/umount", [mnt]); try? FileManager.default.removeItem(atPath: dir) }
        let m = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt])
        guard m.status == 0 else { throw XCTSkip("cannot mount a small tmpfs here: \(m.stderr)") }
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let first = c.truth.keys.sorted().prefix(5)
        for p in first { try FileManager.default.copyItem(atPath: p, toPath: docs + "/" + (p as NSString).lastPathComponent) }
        let index = mnt + "/index"
        let ok = try govsearch(["index", docs, "--index", index])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        try FileManager.default.copyItem(atPath: c.dir, toPath: docs + "/more")
        let full = try govsearch(["index", docs, "--index", index, "--commit-every", "100"])
        XCTAssertEqual(full.status, 2)
        XCTAssertEqual(full.stderr.split(separator: "\n").count, 1, full.stderr)
        XCTAssertTrue(full.stderr.hasPrefix("govsearch: index \(index): "), full.stderr)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        try xapianCheck(index)
        let (paths, records) = try contents(index)
        XCTAssertEqual(records, paths.count)
        XCTAssertTrue(Set(first.map { docs + "/" + ($0 as NSString).lastPathComponent }).isSubset(of: paths))
    }
}
