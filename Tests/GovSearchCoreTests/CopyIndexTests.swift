import Foundation
@testable import GovSearchCore
@testable import Reports
import TestSupport
@testable import XapianKit
import XCTest

/// One report, many files: CopyFixtures/ indexed as a crawl comes, checked against the groups its
/// EXPECTED.tsv records by construction, and kept right as copies are added, moved and deleted.
final class CopyIndexTests: XCTestCase {
    struct Row { var path: String; var group: String; var kind: String }

    /// EXPECTED.tsv's rows, with paths under `root` (a copy of CopyFixtures).
    static func rows(under root: String) throws -> [Row] {
        let text = try String(contentsOfFile: TestPaths.repo + "/CopyFixtures/EXPECTED.tsv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(path: root + "/" + f[0], group: f[1], kind: f[3])
        }
    }

    /// A private copy of CopyFixtures (the tests delete and move files in it).
    func collection(_ name: String) throws -> String {
        let dir = try temporaryDirectory(name)
        let root = dir + "/crawl"
        try FileManager.default.copyItem(atPath: TestPaths.repo + "/CopyFixtures", toPath: root)
        return TestPaths.realPath(root) ?? root
    }

    struct Indexed: Equatable { var id: String; var files: Set<String> }

    /// Every report of the index: its id and all its files (primary and copies), by its stored record.
    func reports(_ index: String) throws -> [Indexed] {
        let s = try Searcher(indexPath: index)
        var out: [Indexed] = []
        try s.forEachMatch("") { m in
            out.append(Indexed(id: m.stored.id, files: Set([m.stored.path] + m.stored.copies.map(\.path))))
        }
        return out.sorted { $0.id < $1.id }
    }

    /// The expected groups: sets of paths, one per report.
    func expectedGroups(_ rows: [Row]) -> Set<Set<String>> {
        Set(Dictionary(grouping: rows.filter { $0.kind == "report" }, by: \.group).values.map { Set($0.map(\.path)) })
    }

    func testTheCollectionIndexesAsConstructed() throws {
        let root = try collection("copies")
        let rows = try Self.rows(under: root)
        let index = root + "/../index"
        let summary = try Indexer(IndexerFixture.options([root], index)).run()
        XCTAssertEqual(summary.reports, 13)
        XCTAssertEqual(summary.files, 32)
        XCTAssertEqual(summary.indexed, 32)
        XCTAssertEqual(summary.copies, 19)
        XCTAssertEqual(summary.skipsByCause, ["not a report": 11])
        XCTAssertEqual(Set(summary.skipped.map(\.path)), Set(rows.filter { $0.kind != "report" }.map(\.path)))
        XCTAssertEqual(Set(try reports(index).map(\.files)), expectedGroups(rows))

        let status = try IndexStatus.read(indexPath: index)
        XCTAssertEqual(status.reports, 13)
        XCTAssertEqual(status.files, 32)

        // Hits count reports: a string every file of a report holds is one hit per report.
        let s = try Searcher(indexPath: index)
        var request = SearchRequest(query: "依申请公开")
        request.limit = 100
        let result = try s.search(request)
        XCTAssertEqual(result.hits.count, Set(result.hits.map(\.id)).count)
        let yearCounts = result.facets.first { $0.facet == .year }?.counts.reduce(0) { $0 + $1.count }
        XCTAssertEqual(yearCounts, result.total, "facets count each report once")
    }

    /// Search totals equal a naive scan that counts each report once, for strings on which all
    /// files of a report agree (contained in each of them, or in none).
    func testTotalsCountReportsOnce() throws {
        let root = try collection("totals")
        let rows = try Self.rows(under: root).filter { $0.kind == "report" }
        let index = root + "/../index"
        _ = try Indexer(IndexerFixture.options([root], index)).run()
        var texts: [String: String] = [:]
        for r in rows { texts[r.path] = TextOracle.normalize(try ReportReader.read(path: r.path).text) }
        let groups = Dictionary(grouping: rows, by: \.group)
        var rng = SeededRandom(state: 23)
        var checked = 0, multi = 0
        let originals = rows.filter { $0.path.contains("/originals/") }
        for _ in 0..<400 where checked < 60 {
            let source = Array(texts[originals[Int(rng.next() % UInt64(originals.count))].path]!.unicodeScalars)
            let len = 2 + Int(rng.next() % 4)
            guard source.count > len else { continue }
            let at = Int(rng.next() % UInt64(source.count - len))
            let word = String(String.UnicodeScalarView(source[at..<(at + len)]))
            guard word.unicodeScalars.allSatisfy(TextOracle.isHan) else { continue }
            var expected = 0, agreed = true
            for files in groups.values {
                let has = files.map { TextOracle.contains(texts[$0.path]!, word) }
                if Set(has).count > 1 { agreed = false; break }
                if has[0] { expected += 1 }
            }
            guard agreed else { continue }
            let hits = try IndexProbe.hits(index, word)
            XCTAssertEqual(hits.count, expected, word)
            checked += 1
            if expected > 1 { multi += 1 }
        }
        XCTAssertGreaterThanOrEqual(checked, 40)
        XCTAssertGreaterThan(multi, 10, "strings shared by several reports were checked")
    }

    func testCopiesComeAndGo() throws {
        let root = try collection("churn")
        let index = root + "/../index"
        _ = try Indexer(IndexerFixture.options([root], index)).run()
        let before = try reports(index)
        let orig = root + "/originals/014_30dd860be4dc.txt"
        guard let group = before.first(where: { $0.files.contains(orig) }) else { return XCTFail("no report holds \(orig)") }
        XCTAssertEqual(group.files.count, 4)

        // The primary goes: another copy is promoted, and the report keeps its id.
        let stored = try XCTUnwrap(try Searcher(indexPath: index).storedReport(id: group.id))
        try FileManager.default.removeItem(atPath: stored.path)
        var s = try Indexer(IndexerFixture.options([root], index)).run()
        XCTAssertEqual(s.removed, 1)
        XCTAssertEqual(s.reports, 13)
        let promoted = try XCTUnwrap(try Searcher(indexPath: index).storedReport(id: group.id))
        XCTAssertEqual(promoted.path, stored.copies[0].path, "the next file in primary order")
        XCTAssertEqual(Set([promoted.path] + promoted.copies.map(\.path)), group.files.subtracting([stored.path]))
        XCTAssertEqual(try IndexProbe.hits(index, "本机关").count, try reportsHolding("本机关", index))

        // A copy moves: same report, same id, its new path listed; nothing is read in full.
        let moving = promoted.copies[0].path
        let target = root + "/moved-" + (moving as NSString).lastPathComponent
        try FileManager.default.moveItem(atPath: moving, toPath: target)
        s = try Indexer(IndexerFixture.options([root], index)).run()
        XCTAssertEqual([s.moved, s.indexed, s.reports], [1, 0, 13])
        let afterMove = try XCTUnwrap(try Searcher(indexPath: index).storedReport(id: group.id))
        XCTAssertTrue(([afterMove.path] + afterMove.copies.map(\.path)).contains(target))

        // A new copy joins; a file rewritten as another report leaves.
        try FileManager.default.copyItem(atPath: promoted.path, toPath: root + "/again.txt")
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: root + "/originals/011_a520d46a6d87.txt", toPath: target)
        s = try Indexer(IndexerFixture.options([root], index)).run()
        XCTAssertEqual(s.reports, 13)
        let now = try reports(index)
        XCTAssertEqual(now.first { $0.id == group.id }?.files,
                       group.files.subtracting([stored.path, moving]).union([root + "/again.txt"]))
        XCTAssertEqual(now.first { $0.files.contains(root + "/originals/011_a520d46a6d87.txt") }?.files.contains(target), true)

        // The last file of a report goes: the report goes.
        for f in now.first(where: { $0.id == group.id })!.files { try FileManager.default.removeItem(atPath: f) }
        s = try Indexer(IndexerFixture.options([root], index)).run()
        XCTAssertEqual(s.reports, 12)
        XCTAssertNil(try Searcher(indexPath: index).storedReport(id: group.id))
        XCTAssertEqual(try IndexStatus.read(indexPath: index).files, try reports(index).reduce(0) { $0 + $1.files.count })

        // A rebuild gives the same reports and primaries as the incremental runs.
        let incremental = try reports(index)
        let rebuilt = root + "/../rebuilt"
        _ = try Indexer(IndexerFixture.options([root], rebuilt)).run()
        XCTAssertEqual(Set(try reports(rebuilt).map(\.files)), Set(incremental.map(\.files)))
    }

    /// Reports (by the index's groups) with a file whose text holds the word.
    func reportsHolding(_ word: String, _ index: String) throws -> Int {
        let s = try Searcher(indexPath: index)
        var n = 0
        try s.forEachMatch("") { m in
            let text = TextOracle.normalize(try ReportReader.read(path: m.stored.path).text)
            if TextOracle.contains(text, word) { n += 1 }
        }
        return n
    }

    func testShardsHoldEachReportOnce() throws {
        let root = try collection("shards")
        let rows = try Self.rows(under: root)
        let index = root + "/../index"
        var o = IndexerFixture.options([root], index)
        o.shards = 3
        let summary = try Indexer(o).run()
        XCTAssertEqual([summary.reports, summary.files], [13, 32])
        XCTAssertEqual(Set(try reports(index).map(\.files)), expectedGroups(rows))
        let again = try Indexer(o).run()
        XCTAssertEqual([again.indexed, again.unchanged, again.reports], [0, 32, 13])
    }

    /// Copies whose figures differ: the primary is the copy whose tables read, and the report says
    /// which figures its other copy gives otherwise.
    /// Two reports of one body and one year that share most of their words but not their tables
    /// (DistinctFixtures/, found merged in a 100,000-report run) stay two reports; a copy that
    /// misreads a figure or two still joins its report (testDisagreeingCopiesAreReported).
    func testReportsOfOneBodyAndYearWithOtherFiguresStayApart() throws {
        let dir = try TempDir.make("distinct")
        let summary = try Indexer(IndexerFixture.options([TestPaths.repo + "/DistinctFixtures"], dir + "/index")).run()
        XCTAssertEqual(summary.indexed, 8)
        XCTAssertEqual(summary.reports, 8)
        XCTAssertTrue(ReportGroups.sameFigures(["a": 1, "b": 2, "c": 3, "d": 4], ["a": 1, "b": 2, "c": 3, "d": 5]))
        XCTAssertFalse(ReportGroups.sameFigures(["a": 1, "b": 2, "c": 3], ["a": 0, "b": 4, "c": 3]))
        XCTAssertTrue(ReportGroups.sameFigures(["a": 1, "b": 2], ["a": 0, "b": 4]), "too few figures in common to tell")
        // Most figures zero in both, three others apart (a generated pair found merged at 100,000 reports).
        let zeros = Dictionary(uniqueKeysWithValues: (0..<14).map { ("z\($0)", 0) })
        XCTAssertFalse(ReportGroups.sameFigures(zeros.merging(["a": 59, "b": 10, "c": 1]) { $1 },
                                                zeros.merging(["a": 17, "b": 40, "c": 0]) { $1 }))
        XCTAssertTrue(ReportGroups.sameFigures(zeros.merging(["a": 59, "b": 10, "c": 1]) { $1 },
                                               zeros.merging(["a": 58, "b": 10, "c": 7]) { $1 }), "two misread figures are a copy's")
    }

    func testDisagreeingCopiesAreReported() throws {
        let dir = try temporaryDirectory("disagree")
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let source = TestPaths.realReports + "/014_30dd860be4dc.txt"
        let text = try String(contentsOfFile: source, encoding: .utf8)
        try text.write(toFile: docs + "/b-full.txt", atomically: true, encoding: .utf8)
        // The copy without its requests section (the text is one line: cut between the two headings).
        guard let from = text.range(of: "三、收到和处理政府信息公开申请情况"),
              let to = text.range(of: "四、因政府信息公开工作被申请行政复议") else {
            return XCTFail("the source's requests section moved")
        }
        let cut = String(text[..<from.lowerBound]) + String(text[to.lowerBound...])
        try cut.write(toFile: docs + "/a-cut.txt", atomically: true, encoding: .utf8)
        let index = dir + "/index"
        let summary = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(summary.reports, 1, "the cut copy is still a copy")
        let s = try Searcher(indexPath: index)
        var stored: StoredReport?
        try s.forEachMatch("") { m in stored = m.stored }
        let report = try XCTUnwrap(stored)
        XCTAssertTrue(report.path.hasSuffix("/b-full.txt"), "the copy whose tables read is the primary, though a-cut sorts first")
        let full = try ReportReader.read(path: docs + "/b-full.txt")
        let newApplications = FigureAccess.figures(of: full)["new_applications"]
        XCTAssertNotNil(newApplications)
        let d = report.disagreements.first { $0.figure == "new_applications" }
        XCTAssertEqual(d?.primary, newApplications)
        XCTAssertNil(d?.copy ?? nil)
        XCTAssertTrue(d?.path.hasSuffix("/a-cut.txt") ?? false)

        let st = try s.stats("", by: nil, fields: ["new_applications"], collectFailed: true)
        XCTAssertEqual(st.rows.first?.failedReports.first?.disagreements.isEmpty, false)
    }
}
