import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// A hit's `sections` are placed from the text read for its snippet when that
/// text is the indexed one; they must equal what the index's positions say.
final class HitSectionsTests: XCTestCase {
    /// Runs every query on two searchers of the corpus index, the second one
    /// made to take the slow way, and hands both answers to `compare`.
    func fastAndSlow(_ queries: [String], limit: Int, facets: [Facet], snippets: Bool, slow: (Searcher) -> Void,
                     _ compare: (String, SearchResult, SearchResult) throws -> Void) throws -> (fast: Searcher, slow: Searcher) {
        let corpus = try TestCorpus.shared()
        let fast = try Searcher(indexPath: corpus.indexPath), other = try Searcher(indexPath: corpus.indexPath)
        slow(other)
        for q in queries {
            var r = SearchRequest(query: q)
            r.limit = limit
            r.facets = facets
            r.snippets = snippets
            try compare(q, try fast.search(r), try other.search(r))
        }
        return (fast, other)
    }

    func testSectionsFromTheTextEqualSectionsFromPositions() throws {
        let corpus = try TestCorpus.shared()
        var rng = SeededRandom(state: 7)
        var queries = ["复议", "依申请公开", "行政复议 诉讼", "政府信息 OR 公开", "保密审查 -诉讼", "政务新媒体", "12345"]
        queries += corpus.hanSubstrings(150 - queries.count, lengths: 1...6, using: &rng)
        var hits = 0
        let (fromText, fromPositions) = try fastAndSlow(queries, limit: 40, facets: [], snippets: true, slow: { $0.sectionsFromText = false }) { q, a, b in
            XCTAssertEqual(a.hits.map(\.id), b.hits.map(\.id), q)
            for (x, y) in zip(a.hits, b.hits) {
                XCTAssertEqual(x.sections, y.sections, "\(q) in \(x.path)")
                XCTAssertEqual(x.snippet, y.snippet)
                hits += 1
            }
        }
        XCTAssertGreaterThan(hits, 1000)
        // Most hits took the text path (the rest: headings sharing a line, non-UTF-8 files read through the decoder are fine too).
        XCTAssertGreaterThan(fromText.sectionsPlacedFromText, hits * 9 / 10)
        XCTAssertEqual(fromPositions.sectionsPlacedFromText, 0)
    }

    /// The section facet placed after matching, all matches at once, equals the
    /// document-by-document placement (itself checked against a naive section
    /// split in FilterAndFacetTests).
    func testSectionFacetPlacedAfterMatchingEqualsPerDocument() throws {
        let corpus = try TestCorpus.shared()
        var rng = SeededRandom(state: 99)
        var queries = ["复议", "行政复议 year:2019..2021", "\"政务公开工作要点\"", "依申请公开 政务新媒体", "公开 12345", "政府信息公开工作年度报告"]
        queries += corpus.hanSubstrings(120 - queries.count, lengths: 2...6, using: &rng)
        var placed = 0
        _ = try fastAndSlow(queries, limit: 20, facets: [.section, .year], snippets: false, slow: { $0.placesSectionsAfterMatching = false }) { q, a, b in
            XCTAssertEqual(a.total, b.total, q)
            let fa = a.facets.first { $0.facet == .section }!.counts, fb = b.facets.first { $0.facet == .section }!.counts
            XCTAssertEqual(fa.map(\.value), fb.map(\.value), q)
            XCTAssertEqual(fa.map(\.count), fb.map(\.count), q)
            XCTAssertEqual(a.hits.map(\.sections), b.hits.map(\.sections), q)
            placed += fa.reduce(0) { $0 + $1.count }
        }
        XCTAssertGreaterThan(placed, 5000)
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
