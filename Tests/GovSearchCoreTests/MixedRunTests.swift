import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// Hand-made reports for the edges of the tokenization: a lone character
/// next to digits, a character at the end of a run, digits between characters.
final class MixedRunTests: XCTestCase {
    var dir = ""
    var docs: [String: String] = [
        "a.txt": "一、总体情况\n次第3季度共受理。\n",
        "b.txt": "一、总体情况\n第3季度。\n三、收到和处理政府信息公开申请情况\n第3季度拨打热线12345。\n",
        "c.txt": "一、总体情况\n第 3季度。\n",
        "d.txt": "一、总体情况\n第三季度，复议。\n四、政府信息公开行政复议、行政诉讼情况\n无复议\n",
        "e.txt": "一、总体情况\n热线 12345，议。\n",
        "f.txt": "一、总体情况\n主动公开，公开目录。\n",
        "g.txt": "一、总体情况\n公开，依申请公开。\n",
    ]

    override func setUpWithError() throws {
        dir = try TempDir.make("mixed")
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        for (name, text) in docs { try text.write(toFile: dir + "/docs/" + name, atomically: true, encoding: .utf8) }
        // Fragments, not reports: indexed as --keep-all would.
        var options = Indexer.Options(roots: [dir + "/docs"], indexPath: dir + "/index")
        options.keepAll = true
        _ = try Indexer(options).run()
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func names(_ q: String) throws -> Set<String> {
        var r = SearchRequest(query: q)
        r.limit = 100
        r.facets = []
        return Set(try Searcher(indexPath: dir + "/index").search(r).hits.map { ($0.path as NSString).lastPathComponent })
    }

    func testLoneCharacterNextToDigits() throws {
        XCTAssertEqual(try names("第3"), ["a.txt", "b.txt"])
        XCTAssertEqual(try names("3季"), ["a.txt", "b.txt", "c.txt"])
        XCTAssertEqual(try names("第3季度"), ["a.txt", "b.txt"])
        XCTAssertEqual(try names("次第3季度共"), ["a.txt"])
    }

    func testRunEndBeforeAWord() throws {
        XCTAssertEqual(try names("热线12345"), ["b.txt"])
        XCTAssertEqual(try names("12345"), ["b.txt", "e.txt"])
    }

    func testSingleCharactersAnywhereInARun() throws {
        XCTAssertEqual(try names("议"), ["d.txt", "e.txt"])      // run end (复议，) and lone (议。)
        XCTAssertEqual(try names("度"), ["a.txt", "b.txt", "c.txt", "d.txt"])
        XCTAssertEqual(try names("次"), ["a.txt"])
    }

    func testSectionsOfSingleCharacterMatches() throws {
        var r = SearchRequest(query: "议")
        r.facets = [.section]
        let result = try Searcher(indexPath: dir + "/index").search(r)
        let counts = Dictionary(uniqueKeysWithValues: result.facets[0].counts.map { ($0.value, $0.count) })
        // d: 复议 in overview and appeals (heading and body); e: 议 in overview.
        XCTAssertEqual(counts, ["overview": 2, "appeals": 1])
        XCTAssertEqual(try names("section:appeals 议"), ["d.txt"])
        XCTAssertEqual(try names("section:requests 第3"), ["b.txt"])
    }

    /// A gap term can repeat a phrase's terms on both sides of it (`公开，公开`): Xapian keeps them
    /// apart by position.
    func testPunctuationBetweenTheSameWords() throws {
        XCTAssertEqual(try names("\"公开，公开\""), ["f.txt"])
        XCTAssertEqual(try names("\"公开，依申请公开\""), ["g.txt"])
        XCTAssertEqual(try names("\"公开，公\""), ["f.txt"])
    }

    /// A string with punctuation inside may straddle a heading: found unfielded, and inside no
    /// one section.
    func testPunctuationAcrossASectionBoundary() throws {
        XCTAssertEqual(try names("\"第3季度。三、收到\""), ["b.txt"])
        XCTAssertEqual(try names("section:overview \"第3季度。三、收到\""), [])
        XCTAssertEqual(try names("section:requests \"第3季度。三、收到\""), [])
        var r = SearchRequest(query: "\"第3季度。三、收到\"")
        r.facets = [.section]
        let result = try Searcher(indexPath: dir + "/index").search(r)
        XCTAssertEqual(result.total, 1)
        XCTAssertEqual(result.facets[0].counts.map(\.count).reduce(0, +), 0, "no section holds the whole string")
    }
}
