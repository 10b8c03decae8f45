import Foundation
import TestSupport
import XCTest

/// The command line over a crawl with copies (CopyFixtures/): status counts reports and files,
/// hits list their copies, and `similar` finds a report that repeats another's sentences.
final class CopiesCLITests: XCTestCase {
    var binary: String { Command.govsearch }

    func testStatusHitsAndCopies() throws {
        let dir = try TempDir.make("cli-copies")
        let index = dir + "/index"
        let run = try Command.run(binary, ["index", TestPaths.repo + "/CopyFixtures", "--index", index])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("skipped (not a report: 11)"), run.stdout)
        XCTAssertTrue(run.stdout.hasSuffix("the index holds 13 reports in 32 files\n"), run.stdout)

        let status = try Command.run(binary, ["status", "--json", "--index", index])
        let o = try JSON.object(status.stdout)
        XCTAssertEqual(o["reports"] as? Int, 13)
        XCTAssertEqual(o["files"] as? Int, 32)
        XCTAssertTrue(try Command.run(binary, ["status", "--index", index]).stdout.contains("reports:    13 in 32 files\n"))

        // The 2022 report of 河北省教育厅 is in four files: one hit, three copies.
        let search = try Command.run(binary, ["search", "河北省教育厅 year:2022", "--json", "--index", index])
        let hits = try XCTUnwrap(try JSON.object(search.stdout)["hits"] as? [[String: Any]])
        XCTAssertEqual(hits.count, 1)
        let copies = try XCTUnwrap(hits[0]["copies"] as? [[String: String]])
        XCTAssertEqual(copies.count, 3)
        XCTAssertEqual(Set(copies.map { $0["format"]! }), ["text", "html", "pdf"])
        let human = try Command.run(binary, ["search", "河北省教育厅 year:2022", "--index", index])
        XCTAssertEqual(human.stdout.components(separatedBy: "also: ").count - 1, 3, human.stdout)

        // A report in one file has no copies.
        let single = try Command.run(binary, ["search", "year:2013", "--json", "--index", index])
        let one = try XCTUnwrap((try JSON.object(single.stdout)["hits"] as? [[String: Any]])?.first)
        XCTAssertEqual((one["copies"] as? [Any])?.count, 0)
    }

    /// A report made by construction of another agency's sentences (and some of a third's):
    /// `similar` lists the first with the share of its sentences the test counts itself.
    func testSimilarFindsTheReportItCopies() throws {
        let dir = try TempDir.make("cli-similar")
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let a = try String(contentsOfFile: TestPaths.realReports + "/013_129cf228fd09.txt", encoding: .utf8)
        let c = try String(contentsOfFile: TestPaths.realReports + "/019_50f098d11f23.txt", encoding: .utf8)
        for n in ["013_129cf228fd09.txt", "019_50f098d11f23.txt", "005_997af46aca09.txt"] {
            try FileManager.default.copyItem(atPath: TestPaths.realReports + "/" + n, toPath: docs + "/" + n)
        }
        // Sentences (split at 。, none holding another sentence end) of each text, as the test counts
        // them: their Han characters and digits, 8 or more.
        func sentences(_ text: String) -> [String] {
            text.components(separatedBy: "。").filter { !$0.contains(where: { "！？；!?;".contains($0) }) }.map { s in
                String(s.unicodeScalars.filter { $0.properties.isIdeographic || ("0"..."9").contains($0) }.map(Character.init))
            }.filter { $0.count >= 8 }
        }
        let fromA = Array(sentences(a).prefix(20)), fromC = Array(sentences(c).suffix(12))
        XCTAssertEqual(fromA.count, 20)
        let title = "某县某局2019年政府信息公开工作年度报告"
        let copied = title + "。\n" + (fromA + fromC).joined(separator: "。\n") + "。\n"
        try copied.write(toFile: docs + "/copied.txt", atomically: true, encoding: .utf8)
        let index = dir + "/index"
        XCTAssertEqual(try Command.run(binary, ["index", docs, "--index", index]).status, 0)

        let r = try Command.run(binary, ["similar", docs + "/copied.txt", "--min-share", "0.5", "--json", "--index", index])
        XCTAssertEqual(r.status, 0, r.stderr)
        let o = try JSON.object(r.stdout)
        let listed = try XCTUnwrap(o["similar"] as? [[String: Any]])
        let target = Set(fromA + fromC + [title])
        XCTAssertEqual(listed.count, 1, r.stdout)
        XCTAssertTrue((listed.first?["path"] as? String)?.hasSuffix("/013_129cf228fd09.txt") ?? false, r.stdout)
        let expectedShare = Double(Set(fromA).count) / Double(target.count)
        let share = try XCTUnwrap(listed.first?["share"] as? Double)
        XCTAssertEqual(share, expectedShare, accuracy: 0.02)
        XCTAssertEqual(listed.first?["shared_sentences"] as? Int, Set(fromA).count)

        // By id too, and the lower threshold lists the third report as well.
        let id = try XCTUnwrap((o["target"] as? [String: Any])?["id"] as? String)
        let low = try JSON.object(try Command.run(binary, ["similar", id, "--min-share", "0.1", "--json", "--index", index]).stdout)
        XCTAssertEqual((low["similar"] as? [[String: Any]])?.count, 2)

        // Nothing similar: exit 1; a bad target: exit 2 with one line naming it.
        let none = try Command.run(binary, ["similar", docs + "/005_997af46aca09.txt", "--min-share", "0.9", "--index", index])
        XCTAssertEqual(none.status, 1)
        let bad = try Command.run(binary, ["similar", dir + "/nothing.txt", "--index", index])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("nothing.txt: no such file"), bad.stderr)
    }
}
