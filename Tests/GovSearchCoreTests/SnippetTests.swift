import Foundation
import GovSearchCore
import Segmentation
import XCTest

final class SnippetTests: XCTestCase {
    private func highlighted(_ r: Snippet.Result) -> [String] {
        let s = Array(r.text.unicodeScalars)
        return r.highlights.map { h in
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s[h[0]..<h[1]])
            return String(v)
        }
    }

    func testHighlightsAreCodePointOffsetsOfTheOriginalText() {
        let text = "前言。\n全年共受理政府信\n息公开申请１５件，其中依申请公开１２件。其他内容。"
        let r = Snippet.make(text: text, patterns: [Normalizer.normalize("政府信息公开").scalars, Normalizer.normalize("依申请公开").scalars])
        // The match wrapped across a line is highlighted with the break (now a space) inside.
        XCTAssertEqual(highlighted(r), ["政府信 息公开", "依申请公开"])
        XCTAssertTrue(r.text.contains("１５件"), "full-width text shows as written")
    }

    func testBestPassageHasTheMostDistinctMatches() {
        let filler = String(repeating: "这是无关的一段文字。", count: 30)
        let text = "复议一次。" + filler + "复议和诉讼都在这里。" + filler
        let r = Snippet.make(text: text, patterns: [Array("复议".unicodeScalars), Array("诉讼".unicodeScalars)])
        XCTAssertEqual(Set(highlighted(r)), ["复议", "诉讼"])
        XCTAssertLessThanOrEqual(r.text.unicodeScalars.count, 130)
    }

    func testSurrogatesAndCombiningCharactersStayWhole() {
        let text = "𠀀𠀁复议e\u{301}\u{301}" + String(repeating: "文", count: 200)
        let r = Snippet.make(text: text, patterns: [Array("复议".unicodeScalars)])
        XCTAssertEqual(highlighted(r), ["复议"])
        XCTAssertTrue(r.text.hasPrefix("𠀀𠀁复议"))
        XCTAssertFalse(r.text.unicodeScalars.first!.properties.generalCategory == .nonspacingMark)
        // Python's snippet[start:end] counts code points: 𠀀 is one.
        XCTAssertEqual(r.highlights, [[2, 4]])
    }

    func testAllowedRangesRestrictThePassage() {
        let text = "复议在前言。" + String(repeating: "无关。", count: 60) + "第二部分也有复议。"
        let second = text.unicodeScalars.count - 9
        let r = Snippet.make(text: text, patterns: [Array("复议".unicodeScalars)], allowed: [second..<text.unicodeScalars.count])
        XCTAssertTrue(r.text.contains("第二部分也有复议"))
        XCTAssertEqual(highlighted(r), ["复议"])
    }
}

final class StoredReportTests: XCTestCase {
    func testRoundTripThroughTheIndexData() throws {
        let dir = NSTemporaryDirectory() + "stored-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        let text = "东丽区政务服务办2019年政府信息公开工作年度报告\n一、总体情况\n全年收到申请15件。\n四、政府信息公开行政复议、行政诉讼情况\n\"无\"\\。\n"
        try text.write(toFile: dir + "/docs/a.txt", atomically: true, encoding: .utf8)
        _ = try Indexer(.init(roots: [dir + "/docs"], indexPath: dir + "/index")).run()
        let r = try Searcher(indexPath: dir + "/index").search(SearchRequest(query: "year:2019"))
        let s = try XCTUnwrap(r.hits.first?.stored)
        XCTAssertEqual(s.year, 2019)
        XCTAssertEqual(s.agency, "东丽区政务服务办")
        XCTAssertEqual(s.sections.map(\.key.rawValue), ["preamble", "overview", "appeals"])
        XCTAssertEqual(s.sections.last?.line, 4)
        XCTAssertTrue(s.path.hasSuffix("/docs/a.txt"))
        XCTAssertEqual(s.hash.count, 32)
    }
}

final class JSONTests: XCTestCase {
    func testWriterAndReaderRoundTrip() {
        let w = JSONWriter()
        let tricky = "引号\"反斜杠\\换行\n制表\t控制\u{01}𠀀"
        w.object {
            w.key("s"); w.string(tricky)
            w.key("n"); w.int(-1234567)
            w.key("z"); w.int(0)
            w.key("a"); w.array { w.element(); w.bool(true); w.element(); w.null() }
        }
        let v = JSONValue.parse(w.utf8)
        XCTAssertEqual(v?["s"]?.string, tricky)
        XCTAssertEqual(v?["n"]?.int, -1234567)
        XCTAssertEqual(v?["z"]?.int, 0)
        XCTAssertEqual(v?["a"], .array([.bool(true), .null]))
        // Foundation agrees on what was written.
        let f = try? JSONSerialization.jsonObject(with: Data(w.utf8)) as? [String: Any]
        XCTAssertEqual(f?["s"] as? String, tricky)
        XCTAssertEqual(JSONValue.parse(Array("{\"u\":\"\\u4e2d\\ud840\\udc00\"}".utf8))?["u"]?.string, "中𠀀")
        XCTAssertNil(JSONValue.parse(Array("{\"a\":}".utf8)))
    }
}
