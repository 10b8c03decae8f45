import Foundation
@testable import GovSearchCore
import Reports
import TestSupport
import XCTest

/// A hit's `sections` are placed from the text read for its snippet when that
/// text is the indexed one, else by section-copy queries; the section facet
/// and `section:` filters are section-copy queries too. All must equal what
/// the index's positions say (`DocumentMatcher`, the slow way).
final class HitSectionsTests: XCTestCase {
    func testSectionsFromTheTextEqualSectionsFromTheIndex() throws {
        let corpus = try TestCorpus.shared()
        var rng = SeededRandom(state: 7)
        var queries = ["复议", "依申请公开", "行政复议 诉讼", "政府信息 OR 公开", "保密审查 -诉讼", "政务新媒体", "12345"]
        queries += corpus.hanSubstrings(150 - queries.count, lengths: 1...6, using: &rng)
        let fromText = try Searcher(indexPath: corpus.indexPath)
        let fromPositions = try Searcher(indexPath: corpus.indexPath)
        fromPositions.sectionsFromText = false
        let slow = try Searcher(indexPath: corpus.indexPath)
        slow.checksEveryMatchFromPositions = true
        var hits = 0
        for q in queries {
            var r = SearchRequest(query: q)
            r.limit = 40
            r.facets = []
            let a = try fromText.search(r), b = try fromPositions.search(r), c = try slow.search(r)
            XCTAssertEqual(a.hits.map(\.id), b.hits.map(\.id), q)
            XCTAssertEqual(a.hits.map(\.id), c.hits.map(\.id), q)
            for (x, (y, z)) in zip(a.hits, zip(b.hits, c.hits)) {
                XCTAssertEqual(x.sections, y.sections, "\(q) in \(x.path)")
                XCTAssertEqual(y.sections, z.sections, "\(q) in \(x.path)")
                XCTAssertEqual(x.snippet, y.snippet)
                hits += 1
            }
        }
        XCTAssertGreaterThan(hits, 1000)
        // Most hits took the text path (the rest: headings sharing a line, non-UTF-8 files read through the decoder are fine too).
        XCTAssertGreaterThan(fromText.sectionsPlacedFromText, hits * 9 / 10)
        XCTAssertEqual(fromPositions.sectionsPlacedFromText, 0)
    }

    /// The section facet and `section:` filters from section-copy queries
    /// equal the match-by-match placement from positions (itself checked
    /// against a naive section split in FilterAndFacetTests).
    func testSectionCopiesEqualPlacementFromPositions() throws {
        let corpus = try TestCorpus.shared()
        var rng = SeededRandom(state: 99)
        var queries = ["复议", "行政复议 year:2019..2021", "\"政务公开工作要点\"", "依申请公开 政务新媒体", "公开 12345", "政府信息公开工作年度报告",
                       "复议 OR 诉讼", "保密审查 -诉讼", "year:2020", "section:requests", "section:appeals 复议", "section:overview -复议",
                       "section:requests section:appeals 申请 OR 诉讼", "section:proactive 公", "复", "section:other 情"]
        let pieces = corpus.hanSubstrings(120 - queries.count, lengths: 1...6, using: &rng)
        queries += pieces
        let keys = SectionKey.allCases.map(\.rawValue)
        queries += pieces.prefix(40).enumerated().map { "section:\(keys[$0.offset % keys.count]) \($0.element)" }
        let native = try Searcher(indexPath: corpus.indexPath)
        let slow = try Searcher(indexPath: corpus.indexPath)
        slow.checksEveryMatchFromPositions = true
        var placed = 0
        for q in queries {
            var r = SearchRequest(query: q)
            r.limit = 20
            r.facets = [.section, .year, .agency]
            r.snippets = false
            let a = try native.search(r), b = try slow.search(r)
            XCTAssertEqual(a.total, b.total, q)
            for (fa, fb) in zip(a.facets, b.facets) {
                XCTAssertEqual(fa.counts.map(\.value), fb.counts.map(\.value), "\(q) \(fa.facet)")
                XCTAssertEqual(fa.counts.map(\.count), fb.counts.map(\.count), "\(q) \(fa.facet)")
            }
            XCTAssertEqual(a.hits.map(\.id), b.hits.map(\.id), q)
            XCTAssertEqual(a.hits.map(\.score), b.hits.map(\.score), q)
            XCTAssertEqual(a.hits.map(\.sections), b.hits.map(\.sections), q)
            placed += a.facets[0].counts.reduce(0) { $0 + $1.count }
        }
        XCTAssertGreaterThan(placed, 5000)
    }

    /// A heading joined to the previous line's last characters (white space
    /// between ideographs is removed): a phrase across the boundary counts in
    /// the section it starts in, a lone character in the section it stands in.
    func testPhraseAcrossAHeadingCountsWhereItStarts() throws {
        let dir = NSTemporaryDirectory() + "boundary-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        try "某区2020年政府信息公开工作年度报告\n一、总体情况\n本年度办理行政复议\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
            .write(toFile: dir + "/docs/a.txt", atomically: true, encoding: .utf8)
        _ = try Indexer(.init(roots: [dir + "/docs"], indexPath: dir + "/index")).run()
        let native = try Searcher(indexPath: dir + "/index")
        let slow = try Searcher(indexPath: dir + "/index")
        slow.checksEveryMatchFromPositions = true
        // "复议四" runs from the overview into the appeals heading.
        let cases: [(String, Int, [String: Int])] = [
            ("复议四", 1, ["overview": 1]), ("section:overview 复议四", 1, ["overview": 1]), ("section:appeals 复议四", 0, [:]),
            ("议四", 1, ["overview": 1]), ("四", 1, ["appeals": 1]), ("section:overview 四", 0, [:]),
            ("行政复议", 1, ["overview": 1, "appeals": 1]), ("section:appeals 行政复议", 1, ["appeals": 1]),
        ]
        for (q, total, sections) in cases {
            for s in [native, slow] {
                var r = SearchRequest(query: q)
                r.facets = [.section]
                r.snippets = false
                let got = try s.search(r)
                XCTAssertEqual(got.total, total, q)
                XCTAssertEqual(Dictionary(uniqueKeysWithValues: got.facets[0].counts.map { ($0.value, $0.count) }), sections, q)
                XCTAssertEqual(got.hits.first.map { Set($0.sections.map(\.rawValue)) } ?? [], Set(sections.keys), q)
            }
        }
    }

    func testAChangedFileFallsBackToTheIndex() throws {
        let dir = try TempDir.make("hitsections")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        let file = dir + "/docs/a.txt"
        try "某区2020年政府信息公开工作年度报告\n一、总体情况\n行政复议零件。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n".write(toFile: file, atomically: true, encoding: .utf8)
        _ = try Indexer(.init(roots: [dir + "/docs"], indexPath: dir + "/index")).run()
        let s = try Searcher(indexPath: dir + "/index")
        var request = SearchRequest(query: "行政复议")
        request.facets = []  // (the section facet would place every match from the index already)
        XCTAssertEqual(try s.search(request).hits.first?.sections, [.overview, .appeals])
        XCTAssertEqual(s.sectionsPlacedFromText, 1)
        // Edited after indexing: the sections still come from the index, not the new text.
        try "某区2020年政府信息公开工作年度报告\n一、总体情况\n无。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n行政复议\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.search(request).hits.first?.sections, [.overview, .appeals])
        XCTAssertEqual(s.sectionsPlacedFromText, 1)
    }

    func testLinesMapToTheSectionsStartingAtOrBeforeThem() {
        let sections: [StoredReport.StoredSection] = [.init(key: .preamble, line: 1), .init(key: .overview, line: 3), .init(key: .appeals, line: 9)]
        XCTAssertEqual(Searcher.sections(atLines: [1, 2], sections), [.preamble])
        XCTAssertEqual(Searcher.sections(atLines: [3, 9, 40], sections), [.overview, .appeals])
        // One-line reports: headings share a line, so lines cannot tell sections apart.
        XCTAssertNil(Searcher.sections(atLines: [1], [.init(key: .preamble, line: 1), .init(key: .overview, line: 1)]))
    }
}
