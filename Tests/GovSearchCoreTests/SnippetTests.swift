import Foundation
@testable import GovSearchCore
import TestSupport
@testable import Segmentation
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

    /// Punctuation inside a query matches any punctuation there, as in the index: the passage is
    /// the match's, highlighted as written.
    func testPunctuationInsideAQueryMatchesAnyPunctuation() {
        let filler = String(repeating: "这是无关的一段文字", count: 30)
        let text = filler + "。政府信息公开行政复议、 行政诉讼情况。" + filler + "行政复议行政诉讼。"
        let pattern = try! XCTUnwrap(TextPattern("行政复议，行政诉讼")).normalized
        for r in [Snippet.make(text: text, patterns: [pattern]),
                  Snippet.make(utf8: Array(text.utf8), compatibilityIdeographs: false, patterns: [pattern])] {
            XCTAssertEqual(highlighted(r), ["行政复议、 行政诉讼"], "not the one without punctuation")
        }
        XCTAssertEqual(Snippet.pieces(pattern).map { String(String.UnicodeScalarView($0)) }, ["行政复议", "行政诉讼"])
        XCTAssertTrue(Snippet.findGapped(Snippet.pieces(Array("2020，年".unicodeScalars)), in: Array("12020，年".unicodeScalars)).isEmpty,
                      "a number is one word")
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

/// The two ways to a snippet (on the UTF-8 bytes, anchored on the first
/// ideograph; or normalizing the whole text) give the same passage, highlights and lines.
final class SnippetPathsTests: XCTestCase {
    func testAnchoredEqualsNormalizingOnTrickyTexts() {
        var rng = SeededRandom(state: 11)
        let pieces = ["复议", "行政", "诉讼", "政府信息公开", "申请", "，", "。", "\n", "\r\n", "\r", " ", "\u{3000}", "１５件",
                      "ABC", "abc12", "热线12345", "e\u{301}", "𠀀", "㐀", "Ｆｕｌｌ", "；", "\t", "复\n议", "行 政", "複", "⾏"]
        var compared = 0, anchored = 0
        for _ in 0..<1000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...80, using: &rng) { text += pieces.randomElement(using: &rng)! }
            let norm = Normalizer.normalize(text).scalars
            var patterns: [[Unicode.Scalar]] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) where norm.count > 2 {
                let a = Int.random(in: 0..<(norm.count - 1), using: &rng)
                let b = min(norm.count, a + Int.random(in: 1...6, using: &rng))
                let p = Array(norm[a..<b])
                if Normalizer.isCJK(p[0]) { patterns.append(p) }
            }
            guard !patterns.isEmpty else { continue }
            let normalizing = Snippet.makeNormalizing(Array(text.unicodeScalars), patterns: patterns, allowed: nil)
            XCTAssertEqual(Snippet.make(text: text, patterns: patterns), normalizing,
                           "text \(text.debugDescription) patterns \(patterns.map { String(String.UnicodeScalarView($0)) })")
            let bytes = Array(text.utf8)
            guard case let .valid(compat) = UTF8Scan.scan(bytes) else { return XCTFail("invalid UTF-8 from a String") }
            XCTAssertEqual(Snippet.make(utf8: bytes, compatibilityIdeographs: compat, patterns: patterns), normalizing)
            if !compat { anchored += 1 }
            compared += 1
        }
        XCTAssertGreaterThan(compared, 600)
        XCTAssertGreaterThan(anchored, 100)  // texts without ⾏ (a radical) took the byte path
    }

    func testMatchLinesCountEveryKindOfLineBreak() {
        let text = "复议\r\n一\r复议\n\n复议"
        let r = Snippet.make(text: text, patterns: [Array("复议".unicodeScalars)])
        XCTAssertEqual(r.matchLines, [1, 3, 5])
        XCTAssertEqual(Snippet.make(utf8: Array(text.utf8), compatibilityIdeographs: false, patterns: [Array("复议".unicodeScalars)]).matchLines, [1, 3, 5])
    }
}

final class StoredReportTests: XCTestCase {
    func testRoundTripThroughTheIndexData() throws {
        let dir = try TempDir.make("stored")
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
        var st = stat()
        XCTAssertEqual(stat(dir + "/docs/a.txt", &st), 0)
        XCTAssertEqual(s.size, Int(st.st_size))
        XCTAssertEqual(s.mtime, Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
    }
}

final class JSONTests: XCTestCase {
    func testScoresPrintLikePrintfFourDecimals() {
        var rng = SeededRandom(state: 3)
        var values: [Double] = [0, 1, 0.5, 12.34565, 9999.99995, 1e11 + 0.25, 0.03125, 0.09375, 3.00015, 7.99995]
        for k in 0..<4000 { values.append(Double(k) / 32 + 0.00005) }  // near ties
        for _ in 0..<5_000 { values.append(Double.random(in: 0..<200, using: &rng)) }
        for v in values {
            let w = JSONWriter()
            w.double(v)
            XCTAssertEqual(w.output, String(format: "%.4f", v), "\(v)")
        }
    }

    func testStoredDataWithoutFigures() {
        let r = StoredReport(id: "a", path: "/p", title: "标题", year: 2020, agency: "某局", region: nil, level: nil, format: "pre2019",
                             sections: [.init(key: .overview, line: 3)], figures: ["granted": 3, "new_applications": 9],
                             checksFailed: true, size: 10, mtime: 1795626136.535698)
        XCTAssertEqual(StoredReport.decode(r.encoded()), r)
        var without = r
        without.figures = nil
        XCTAssertEqual(StoredReport.decode(r.encoded(), figures: false), without)
    }

    /// The id read alone (streams keep it for every match) is the one the whole decoding gives,
    /// escapes included, and nil for bytes that are no stored report.
    func testTheIdAloneIsTheDecodedOne() {
        for id in ["9f86d081884c7d65", "a", "引号\"反斜杠\\", ""] {
            let r = StoredReport(id: id, path: "/p", title: nil, year: nil, agency: nil, region: nil, level: nil, format: "pre2019",
                                 sections: [], figures: nil, checksFailed: nil, size: 1, mtime: 0)
            XCTAssertEqual(StoredReport.id(ofEncoded: r.encoded()), id)
            XCTAssertEqual(StoredReport.id(ofEncoded: r.encoded()), StoredReport.decode(r.encoded())?.id)
        }
        XCTAssertNil(StoredReport.id(ofEncoded: Array(#"{"id":"abc"#.utf8)))
        XCTAssertNil(StoredReport.id(ofEncoded: Array("not json".utf8)))
    }
    func testWriterAndReaderRoundTrip() {
        let w = JSONWriter()
        let tricky = "引号\"反斜杠\\换行\n制表\t控制\u{01}𠀀"
        w.object {
            w.key("s"); w.string(tricky)
            w.key("n"); w.int(-1234567)
            w.key("z"); w.int(0)
            w.key("a"); w.array { w.element(); w.bool(true); w.element(); w.null() }
        }
        // Foundation, an independent reader, agrees on what was written.
        let f = try? JSONSerialization.jsonObject(with: Data(w.utf8)) as? [String: Any]
        XCTAssertEqual(f?["s"] as? String, tricky)
        XCTAssertEqual(f?["n"] as? Int, -1234567)
        XCTAssertEqual(f?["z"] as? Int, 0)
        XCTAssertEqual((f?["a"] as? [Any])?.first as? Bool, true)
        XCTAssertTrue((f?["a"] as? [Any])?.last is NSNull)
        // The stored-data reader reads escapes, surrogate pairs and unknown fields, and refuses broken JSON.
        var stored = Array("{\"id\":\"\\u4e2d\\ud840\\udc00\",\"path\":\"/p\",\"new\":{\"x\":[1,{\"y\":null}]},\"year\":2020}".utf8)
        XCTAssertEqual(StoredReport.decode(stored)?.id, "中𠀀")
        XCTAssertEqual(StoredReport.decode(stored)?.year, 2020)
        stored = Array("{\"id\":\"a\",\"path\":}".utf8)
        XCTAssertNil(StoredReport.decode(stored))
    }
}
