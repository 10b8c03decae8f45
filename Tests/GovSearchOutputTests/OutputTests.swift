import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import GovSearchCore
@testable import GovSearchOutput
import TestSupport
import XCTest

/// The presentation module: CSV as RFC 4180 says, the SVG chart as XML.
final class OutputTests: XCTestCase {
    func testCSVEscapingRoundTrips() throws {
        let nasty = ["plain", "", "comma,inside", "quote \"here\"", "\"", "line\nbreak", "crlf\r\nbreak", "lone\rcr",
                     " leading and trailing ", "中文，全角逗号", "emoji 😀", "a,\"b\"\n,c", ";semi;"]
        var text = CSV.bom
        var expected: [[String]] = []
        for i in 0..<nasty.count {
            let cells = [String(i), nasty[i], nasty[(i + 3) % nasty.count]]
            var rec = Record()
            for (j, c) in cells.enumerated() { rec.append("c\(j)", .string(c)) }
            text += rec.csvLine()
            expected.append(cells)
        }
        let rows = try CSVParser.parse(String(text.dropFirst()))
        XCTAssertEqual(rows, expected)
        XCTAssertTrue(text.hasPrefix("\u{FEFF}"))
        XCTAssertEqual(FieldValue.double(0.25).csvText, "0.25")
        XCTAssertEqual(FieldValue.double(1234567).csvText, "1234567")
        XCTAssertEqual(FieldValue.double(1.0 / 3).csvText, "0.333333")
        XCTAssertEqual(FieldValue.null.csvText, "")
        XCTAssertEqual(FieldValue.int(12000).csvText, "12000")
        XCTAssertThrowsError(try CSVParser.parse("a,b\"c\r\n"), "strict parser rejects a bare quote")
    }

    func testSVGIsWellFormedAndEscaped() throws {
        let t = Trend(query: "a<b & \"c\" 依申请", by: .agency, matches: 3, reports: 10,
                      rows: [.init(value: "<东丽区>&政务服务办", count: 2, total: 4), .init(value: "x", count: 1, total: 6)])
        let svg = SVGChart.trend(t)
        let doc = try XMLDocument(xmlString: svg)
        XCTAssertEqual(doc.rootElement()?.name, "svg")
        XCTAssertTrue(svg.contains("&lt;东丽区&gt;&amp;政务服务办"))
        XCTAssertTrue(svg.contains("Noto Sans CJK SC"))
    }
}
