import Foundation
import TestSupport
import XCTest

/// The command line as a script uses it: exit statuses, one-line errors,
/// the `--json` shape, `--count` and `--batch`.
final class SearchCLITests: XCTestCase {

    func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Command.Output {
        try Command.run(Command.govsearch, args, stdin: stdin, env: env)
    }

    /// The fixtures indexed once into a temp dir.
    func index() throws -> String { try TestIndex.once("cli", of: TestPaths.fixtures) }

    func testJSONShapeAndExitStatus() throws {
        let r = try run(["依申请公开 year:2020", "--index", try index(), "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSON.object(r.stdout)
        XCTAssertEqual(obj["query"] as? String, "依申请公开 year:2020")
        XCTAssertEqual(obj["offset"] as? Int, 0)
        XCTAssertEqual(obj["limit"] as? Int, 10)
        let hits = obj["hits"] as! [[String: Any]]
        XCTAssertEqual(obj["total"] as? Int, hits.count)
        XCTAssertFalse(hits.isEmpty)
        for h in hits {
            XCTAssertEqual(h["year"] as? Int, 2020)
            XCTAssertTrue((h["path"] as! String).hasPrefix("/"))
            XCTAssertNotNil(h["id"] as? String)
            let snippet = h["snippet"] as! String
            let scalars = Array(snippet.unicodeScalars)
            for range in h["highlights"] as! [[Int]] {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[range[0]..<range[1]])
                XCTAssertEqual(String(v), "依申请公开")
            }
            XCTAssertTrue((h["sections"] as! [String]).allSatisfy { ["preamble", "overview", "proactive", "requests", "appeals", "problems", "other", "fees"].contains($0) })
        }
        let facets = obj["facets"] as! [String: [String: Int]]
        XCTAssertEqual(facets["year"], ["2020": hits.count])
        XCTAssertEqual(Set(facets.keys), ["year", "agency", "region", "section"])
    }

    /// `export [QUERY]`: with no query every report, one JSON line each (issue 13's contract fix).
    func testExportWithoutAQueryExportsEveryReport() throws {
        let files = try TestPaths.fixtureNames().filter { TextOracle.extensions.contains(($0 as NSString).pathExtension.lowercased()) }
        let r = try run(["export", "--format", "jsonl", "--index", try index()])
        XCTAssertEqual(r.status, 0, r.stderr)
        let records = try JSON.lines(r.stdout)
        // One record per report (a seed and its copy are one), its copies listed.
        XCTAssertEqual(records.count, files.filter { !$0.contains("_from_") }.count)
        let paths = records.flatMap { [$0["path"] as? String ?? ""] + ($0["copies"] as? [String] ?? []) }
        XCTAssertEqual(Set(paths.map { ($0 as NSString).lastPathComponent }), Set(files))
        XCTAssertEqual(try run(["export", "--all", "--format", "jsonl", "--index", try index()]).stdout, r.stdout)
    }

    func testCountMatchesAnIndependentScan() throws {
        // Every fixture (UTF-8, GB18030, UTF-16, HTML, DOCX, PDF) decoded by the test's own oracle.
        // A report is a seed with its copies (`NNN_…_from_MMM` is seed MMM's): count seeds.
        let holding = try TextOracle.normalizedTexts(below: TestPaths.fixtures).filter { TextOracle.contains($0.value, "复议") }.keys
        let want = Set(holding.map { path -> String in
            let name = (path as NSString).lastPathComponent
            return name.range(of: "_from_").map { String(name[$0.upperBound...].prefix(3)) } ?? String(name.prefix(3))
        }).count
        XCTAssertGreaterThan(want, 0)
        let r = try run(["复议", "--index", try index(), "--count"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), want)
    }

    func testNothingMatchedExitsOne() throws {
        let r = try run(["龘龘", "--index", try index(), "--count"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0")
    }

    func testErrorsAreOneLineWithExitTwo() throws {
        let i = try index()
        let cases: [([String], String)] = [
            (["复议", "--index", "/nonexistent/idx"], "no index at /nonexistent/idx"),
            (["\"复议", "--index", i], "unbalanced quote"),
            (["(复议", "--index", i], "unbalanced '('"),
            (["复议)", "--index", i], "unbalanced ')'"),
            (["colour:red 复议", "--index", i], "unknown field 'colour'"),
            (["year:2021..2019", "--index", i], "bad year range"),
            (["year:20x", "--index", i], "bad year"),
            (["section:nowhere", "--index", i], "unknown section"),
            (["复议", "--index", i, "--sort", "bogus"], "unknown sort order"),
        ]
        for (args, message) in cases {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stdout.isEmpty)
        }
    }

    func testIndexFromEnvironment() throws {
        let r = try run(["复议", "--count"], env: ["GOVSEARCH_INDEX": try index()])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testBatchKeepsGoingAfterABadQuery() throws {
        let r = try run(["--batch", "--index", try index(), "--facets", "year"], stdin: "复议\n\"坏\n依申请公开 year:2020\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        let objs = try JSON.lines(r.stdout)
        XCTAssertNotNil(objs[0]["total"])
        XCTAssertTrue((objs[1]["error"] as? String)?.contains("unbalanced quote") ?? false)
        XCTAssertEqual(objs[2]["query"] as? String, "依申请公开 year:2020")
        XCTAssertEqual(Set((objs[2]["facets"] as! [String: Any]).keys), ["year"])
    }

    func testFullWidthSyntax() throws {
        let i = try index()
        let a = try run(["（复议 OR 诉讼）\u{3000}year：2019", "--index", i, "--count"])
        let b = try run(["(复议 OR 诉讼) year:2019", "--index", i, "--count"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stdout, b.stdout)
    }
}
