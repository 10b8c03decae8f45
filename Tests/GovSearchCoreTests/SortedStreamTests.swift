import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// `search --all --sort X` streams every match in the order the pages of
/// `search --sort X` list them: checked against one page as large as the total,
/// which Xapian itself sorts.
final class SortedStreamTests: XCTestCase {
    static let queries = ["依申请公开", "复议", "行政复议 year:2020", "year:2018..2021", "公开 -诉讼", "section:requests 申请"]
    static let sorts = ["relevance", "year", "-year", "agency", "-agency", "new_applications", "-new_applications", "-granted"]

    func testSortedStreamListsWhatThePagesList() throws {
        let corpus = try TestCorpus.shared()
        let searcher = try Searcher(indexPath: corpus.indexPath)
        for q in Self.queries {
            for s in Self.sorts {
                let sort = try SortOrder(s)
                var r = SearchRequest(query: q)
                r.sort = sort
                r.limit = 100_000
                r.facets = []
                r.snippets = false
                let paged = try searcher.search(r)
                var streamed: [String] = []
                // A small chunk size: the stream's windows must not change the order.
                try searcher.forEachMatch(q, sort: sort, chunkSize: 37) { streamed.append($0.stored.id) }
                XCTAssertEqual(streamed.count, paged.total, "\(q) --sort \(s)")
                XCTAssertEqual(streamed, paged.hits.map(\.id), "\(q) --sort \(s)")
            }
        }
    }

    func testSortedStreamOrdersByTheSortValue() throws {
        let corpus = try TestCorpus.shared()
        let searcher = try Searcher(indexPath: corpus.indexPath)
        var years: [Int] = []
        try searcher.forEachMatch("依申请公开", sort: try SortOrder("-year")) { m in
            if let y = m.stored.year { years.append(y) }
        }
        XCTAssertGreaterThan(Set(years).count, 3, "the corpus spans several years")
        XCTAssertEqual(years, years.sorted(by: >))
    }
}
