import Foundation
@testable import GovSearchCore
@testable import Reports
import TestSupport
import XCTest

/// A hit's `sections` and the section facet come from Xapian alone (each text term stands under
/// its section's prefix): they must equal a naive section split of the synthetic reports, for
/// sampled strings of every length, lone characters included.
final class HitSectionsTests: XCTestCase {
    func testHitSectionsAndSectionFacetEqualANaiveSplit() throws {
        let corpus = try TestCorpus.shared()
        let synthetic = corpus.truth.filter { ($0.value["year"] as! Int) <= 2018 }.map(\.key).sorted()
        XCTAssertGreaterThan(synthetic.count, 50)
        let split = Dictionary(uniqueKeysWithValues: synthetic.map { ($0, FilterAndFacetTests.naiveSections($0)) })
        var rng = SeededRandom(state: 7)
        var queries = ["复议", "依申请公开", "政务新媒体", "公", "议", "政府信息公开工作年度报告"]
        queries += corpus.hanSubstrings(80, lengths: 1...6, using: &rng)
        let s = try Searcher(indexPath: corpus.indexPath)
        var placed = 0
        for q in queries {
            var r = SearchRequest(query: q + " year:..2018")
            r.limit = 100_000
            r.facets = [.section]
            r.snippets = false
            let result = try s.search(r)
            var want: [String: [String]] = [:]
            var facet: [String: Int] = [:]
            for p in synthetic {
                let keys = SectionKey.allCases.map(\.rawValue).filter { split[p]![$0]?.contains(q) == true }
                if !keys.isEmpty { want[p] = keys }
                for k in keys { facet[k, default: 0] += 1 }
            }
            let got = Dictionary(uniqueKeysWithValues: result.hits.map { ($0.path, $0.sections.map(\.rawValue)) })
            XCTAssertEqual(got.filter { !$0.value.isEmpty }, want, q)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: result.facets[0].counts.map { ($0.value, $0.count) }), facet, q)
            placed += facet.values.reduce(0, +)
        }
        XCTAssertGreaterThan(placed, 3000)
    }

    /// Sections come from the index: a file edited after indexing keeps the indexed answer.
    func testSectionsComeFromTheIndexNotTheFileOnDisk() throws {
        let dir = try TempDir.make("hitsections")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        let file = dir + "/docs/a.txt"
        try "某区2020年政府信息公开工作年度报告\n一、总体情况\n行政复议零件。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n".write(toFile: file, atomically: true, encoding: .utf8)
        _ = try Indexer(.init(roots: [dir + "/docs"], indexPath: dir + "/index")).run()
        let s = try Searcher(indexPath: dir + "/index")
        let request = SearchRequest(query: "行政复议")
        XCTAssertEqual(try s.search(request).hits.first?.sections, [.overview, .appeals])
        try "某区2020年政府信息公开工作年度报告\n一、总体情况\n无。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n行政复议\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.search(request).hits.first?.sections, [.overview, .appeals])
        // Only where the text stands: the heading's 行政复议 is in the appeals section alone.
        XCTAssertEqual(try s.search(SearchRequest(query: "零件")).hits.first?.sections, [.overview])
    }
}
