import Foundation
import TestSupport
import XCTest

/// Three shards served by three `xapian-tcpsrv` processes on loopback, searched through a
/// shard list of `remote` lines: every query — sampled substrings, the same under `section:`,
/// negated, lone characters, phrases with punctuation — gives the hits (with their sections),
/// totals and the four facets of one local index, and so do export, stats and trend; a shard
/// that is down is named, and `--allow-partial` answers from the others and says which one is missing.
final class RemoteShardTests: XCTestCase {
    var servers: [Process] = []

    override func tearDown() {
        for s in servers where s.isRunning { s.terminate(); s.waitUntilExit() }
        super.tearDown()
    }

    func run(_ args: [String]) throws -> Command.Output { try Command.run(Command.govsearch, args) }

    /// Starts xapian-tcpsrv on a free port for `db`; returns the port.
    func serve(_ db: String) throws -> Int {
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/xapian-tcpsrv")
            p.arguments = ["--interface", "127.0.0.1", "--port", String(port), db]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Up when it accepts a connection (a search through it answers).
            for _ in 0..<50 where p.isRunning {
                let dir = try TempDir.make("probe")
                try "remote 127.0.0.1:\(port)\n".write(toFile: dir + "/XAPIANDB", atomically: true, encoding: .utf8)
                if try run(["复议", "--index", dir, "--count"]).status != 2 { servers.append(p); return port }
                usleep(100_000)
            }
            if p.isRunning { p.terminate() }
        }
        throw XCTSkip("no free port for xapian-tcpsrv")
    }

    func answer(_ index: String, _ q: String, extra: [String] = []) throws -> (status: Int32, total: Int?, hits: [String], facets: String, stderr: String, missing: [String]) {
        let r = try run([q, "--index", index, "--json", "--limit", "100000", "--no-snippets", "--facets", "year,agency,region,section"] + extra)
        guard r.status == 0 || r.status == 1, let o = try? JSON.object(r.stdout) else { return (r.status, nil, [], "", r.stderr, []) }
        let hits = ((o["hits"] as? [[String: Any]]) ?? []).map { "\($0["id"]!) \($0["sections"]!)" }.sorted()
        let facets = String(decoding: try JSONSerialization.data(withJSONObject: o["facets"] ?? [:], options: [.sortedKeys]), as: UTF8.self)
        return (r.status, o["total"] as? Int, hits, facets, r.stderr, (o["missing_shards"] as? [String]) ?? [])
    }

    func testThreeRemoteShardsAnswerLikeOneLocalIndex() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xapian-tcpsrv") else {
            throw XCTSkip("xapian-tcpsrv is not installed (Debian xapian-tools)")
        }
        let docs = try TempDir.make("remote-docs")
        let truth = try CorpusGenerator.generate(240, into: docs, seed: 11)
        let one = try TempDir.make("remote-one"), sharded = try TempDir.make("remote-sharded")
        XCTAssertEqual(try run(["index", docs, "--index", one, "--quiet"]).status, 0)
        let r = try run(["index", docs, "--index", sharded, "--shards", "3", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let ports = try (0..<3).map { try serve(sharded + "/shard-\($0)") }
        let remote = try TempDir.make("remote-list")
        try ports.map { "remote 127.0.0.1:\($0)\n" }.joined().write(toFile: remote + "/XAPIANDB", atomically: true, encoding: .utf8)

        // Sampled strings of the corpus (lone characters too), each plain, under a section, negated.
        var rng = SeededRandom(state: 25)
        let texts = truth.keys.sorted().compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        XCTAssertGreaterThan(texts.count, 200)
        var samples: [String] = []
        while samples.count < 12 {
            let t = Array(texts[Int.random(in: 0..<texts.count, using: &rng)].unicodeScalars)
            let n = Int.random(in: 1...5, using: &rng), at = Int.random(in: 0..<max(1, t.count - n), using: &rng)
            let s = String(String.UnicodeScalarView(t[at..<min(t.count, at + n)]))
            if s.unicodeScalars.allSatisfy({ $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { samples.append(s) }
        }
        var queries = ["复议", "行政复议", "依申请公开 year:2020", "保密审查 OR 政务新媒体", "year:2015..2018", "agency:局 复议", "复",
                       "\"政务公开 工作要点\"", "section:overview 复议", "section:overview -复议", "section:requests 申请 -诉讼",
                       "\"复议，诉讼\"", "第1", "2020年", "-复议"]
        for s in samples { queries += [s, "section:overview \(s)", "section:requests -\(s)"] }
        var answered = 0
        for q in queries {
            let local = try answer(one, q), far = try answer(remote, q)
            XCTAssertEqual(far.status, local.status, "\(q): \(far.stderr)")
            XCTAssertEqual(far.total, local.total, q)
            XCTAssertEqual(far.hits, local.hits, q)
            XCTAssertEqual(far.facets, local.facets, q)
            if (local.total ?? 0) > 0 { answered += 1 }
        }
        XCTAssertGreaterThan(answered, queries.count * 2 / 3)
        // Streams (export, stats) and trend, by year and by section: the same records (in relevance
        // order, so compared sorted) and the same figures.
        for args in [["export", "复议", "--format", "jsonl"], ["export", "", "--format", "jsonl"],
                     ["export", "section:appeals 复议", "--format", "jsonl", "--sections"],
                     ["stats", "行政复议", "--by", "year", "--format", "json"], ["trend", "复议", "--by", "year", "--format", "json"],
                     ["trend", "复议", "--by", "section", "--format", "json"]] {
            let l = try run(args + ["--index", one]), f = try run(args + ["--index", remote])
            XCTAssertEqual(f.status, l.status, "\(args): \(f.stderr)")
            XCTAssertEqual(f.stdout.split(separator: "\n").sorted(), l.stdout.split(separator: "\n").sorted(), "\(args)")
            XCTAssertFalse(l.stdout.isEmpty, "\(args)")
        }

        // A shard that is down is named; --allow-partial answers from the others and lists it.
        let full = try answer(remote, "复议")
        servers[2].terminate(); servers[2].waitUntilExit()
        let down = try run(["复议", "--index", remote, "--json"])
        XCTAssertEqual(down.status, 2)
        XCTAssertTrue(down.stderr.contains("shard 3 of 3 (remote 127.0.0.1:\(ports[2]))"), down.stderr)
        let partial = try answer(remote, "复议", extra: ["--allow-partial"])
        XCTAssertEqual(partial.status, 0, partial.stderr)
        XCTAssertLessThan(partial.total ?? 0, full.total ?? 0)
        XCTAssertEqual(partial.missing.count, 1)
        XCTAssertTrue(partial.missing[0].contains("127.0.0.1:\(ports[2])"), "\(partial.missing)")
        XCTAssertTrue(partial.stderr.contains("partial answer"), partial.stderr)
    }
}
