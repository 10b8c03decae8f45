import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// `index --shards N`: the shards searched as one give the answers of one index (hits, totals,
/// every facet, hit sections, streamed matches), re-runs stay incremental per shard, and a
/// change of shard count needs --rebuild.
final class ShardTests: XCTestCase {
    static let queries = [
        "复议", "行政复议", "依申请公开 year:2020", "复", "section:overview 复议", "section:overview -复议",
        "section:requests 申请", "-公开", "复议 -诉讼", "保密审查 OR 政务新媒体", "year:2015..2018 region:区",
        "agency:局 section:appeals", "\"政务公开 工作要点\"", "第3季度", "section:problems NOT (整改)",
    ]

    func answers(_ index: String, _ q: String) throws -> (Int, [String: [String: Int]], [String: [String]], Int) {
        let s = try Searcher(indexPath: index)
        var r = SearchRequest(query: q)
        r.limit = 100_000
        r.facets = [.year, .agency, .region, .section, .level, .format]
        r.snippets = false
        let result = try s.search(r)
        var facets: [String: [String: Int]] = [:]
        for f in result.facets { facets[f.facet.rawValue] = Dictionary(uniqueKeysWithValues: f.counts.map { ($0.value, $0.count) }) }
        var hits: [String: [String]] = [:]
        for h in result.hits { hits[h.id] = h.sections.map(\.rawValue) }
        var streamed = 0
        try s.forEachMatch(q) { _ in streamed += 1 }
        return (result.total, facets, hits, streamed)
    }

    func testShardedIndexAnswersLikeOneIndex() throws {
        let corpus = try TestCorpus.shared()
        let sharded = try TempDir.make("shards3")
        var o = Indexer.Options(roots: [corpus.root + "/docs"], indexPath: sharded)
        o.shards = 3
        let summary = try Indexer(o).run()
        XCTAssertEqual(summary.reports, try Searcher(indexPath: corpus.indexPath).documentCount())
        let layout = try ShardLayout.read(indexPath: sharded)
        XCTAssertEqual(layout.shards.count, 3)
        for p in layout.localPaths { XCTAssertGreaterThan(try Searcher(indexPath: p).documentCount(), 0, "every shard gets reports") }
        for q in Self.queries {
            let one = try answers(corpus.indexPath, q), three = try answers(sharded, q)
            XCTAssertEqual(three.0, one.0, "total \(q)")
            XCTAssertEqual(three.1, one.1, "facets \(q)")
            XCTAssertEqual(three.2, one.2, "hits and their sections \(q)")
            XCTAssertEqual(three.3, one.3, "streamed matches \(q)")
            XCTAssertEqual(three.3, three.0, q)
        }
        // status and compact see all shards
        let status = try IndexStatus.read(indexPath: sharded)
        XCTAssertEqual(status.reports, summary.reports)
        XCTAssertEqual(status.files, summary.reports)
        XCTAssertEqual(status.lastRun?.indexed, summary.indexed)
        let compacted = try IndexMaintenance.compact(indexPath: sharded)
        XCTAssertEqual(compacted.reports, summary.reports)
        XCTAssertEqual(try answers(sharded, "复议").0, try answers(corpus.indexPath, "复议").0)
    }

    func testReRunsStayIncrementalAndTheShardCountNeedsARebuild() throws {
        let docs = try TempDir.make("shard-docs"), index = try TempDir.make("shard-index")
        // The seeds only: the copy of one (104_…_from_002) would be a copy of its report.
        let names = try TestPaths.fixtureNames().filter { $0.hasSuffix(".txt") && !$0.contains("_from_") }
        for n in names { try FileManager.default.copyItem(atPath: TestPaths.fixture(String(n.prefix(3))), toPath: docs + "/" + n) }
        var o = Indexer.Options(roots: [docs], indexPath: index)
        o.shards = 2
        let first = try Indexer(o).run()
        XCTAssertEqual(first.indexed, names.count)
        o.shards = nil   // a re-run keeps the index's layout
        let again = try Indexer(o).run()
        XCTAssertEqual(again.indexed, 0)
        XCTAssertEqual(again.unchanged, names.count)
        try FileManager.default.removeItem(atPath: docs + "/" + names[0])
        try (try String(contentsOfFile: docs + "/" + names[1], encoding: .utf8) + "\n补充说明：新增加的一句话。")
            .write(toFile: docs + "/" + names[1], atomically: true, encoding: .utf8)
        let third = try Indexer(o).run()
        XCTAssertEqual(third.indexed, 1)
        XCTAssertEqual(third.removed, 1)
        XCTAssertEqual(third.reports, names.count - 1)
        XCTAssertEqual(try Searcher(indexPath: index).search(SearchRequest(query: "新增加的一句话")).total, 1)

        o.shards = 3
        XCTAssertThrowsError(try Indexer(o).run()) { e in
            XCTAssertTrue("\(e)".contains("has 2 shards, not 3"), "\(e)")
        }
        o.rebuild = true
        XCTAssertEqual(try Indexer(o).run().reports, names.count - 1)
        XCTAssertEqual(try ShardLayout.read(indexPath: index).shards.count, 3)
        // back to one database
        o.shards = 1
        XCTAssertEqual(try Indexer(o).run().reports, names.count - 1)
        XCTAssertFalse(try ShardLayout.read(indexPath: index).isStub)
        XCTAssertFalse(FileManager.default.fileExists(atPath: index + "/shard-0"))
        XCTAssertEqual(try Searcher(indexPath: index).search(SearchRequest(query: "新增加的一句话")).total, 1)
    }

    func testAShardListOutOfOrderIsAnError() throws {
        let docs = try TempDir.make("shard-order"), index = try TempDir.make("shard-order-index")
        for n in try TestPaths.fixtureNames().filter({ $0.hasSuffix(".txt") && !$0.contains("_from_") }) {
            try FileManager.default.copyItem(atPath: TestPaths.fixture(String(n.prefix(3))), toPath: docs + "/" + n)
        }
        var o = Indexer.Options(roots: [docs], indexPath: index)
        o.shards = 2
        _ = try Indexer(o).run()
        try "auto shard-1\nauto shard-0\n".write(toFile: index + "/XAPIANDB", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Searcher(indexPath: index)) { e in
            XCTAssertTrue("\(e)".contains("list the shards in their order"), "\(e)")
        }
    }
}
