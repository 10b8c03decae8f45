import Foundation
import XCTest
@testable import Reports
import TestSupport

/// Headings in the forms the real reports print them: one running straight into the next (a table
/// left out of a crawled page), and a first heading that names the year's work in its own words.
final class SectionHeadingTests: XCTestCase {
    func realText(_ prefix: String) throws -> String {
        let dir = TestPaths.realReports
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix(prefix) })
        return try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
    }

    /// 010 (one line, U+3000 between paragraphs) with the text between two headings cut out, as a
    /// crawler leaves it when the table between them was an image.
    func cut(_ text: String, from: String, to: String) throws -> String {
        let a = try XCTUnwrap(text.range(of: from)), b = try XCTUnwrap(text.range(of: to))
        return String(text[..<a.upperBound]) + String(text[b.lowerBound...])
    }

    func headings(_ r: Report) -> [String] { r.sections.map { "\($0.key.rawValue):\($0.heading)" } }

    func testAppealsHeadingRunningOnFromTheRequestsHeading() throws {
        let text = try cut(try realText("010"), from: "三、收到和处理政府信息公开申请情况", to: "四、因政府信息公开工作被申请行政复议")
        XCTAssertTrue(text.contains("申请情况四、因政府信息公开工作被申请行政复议"))
        let r = ReportReader.parse(text: text, path: "/x/010.txt")
        let appeals = try XCTUnwrap(r.section(.appeals))
        XCTAssertEqual(appeals.heading, "四、因政府信息公开工作被申请行政复议")
        // the appeals table's text is no longer in requests: section:requests does not find 复议后起诉
        let requests = try XCTUnwrap(r.section(.requests))
        XCTAssertEqual(requests.end, appeals.start)
        XCTAssertFalse(r.text(of: requests).contains("复议后起诉"))
        XCTAssertTrue(r.text(of: appeals).contains("复议后起诉"))
    }

    func testProblemsHeadingRunningOnFromTheAppealsHeading() throws {
        let text = try cut(try realText("010"), from: "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", to: "五、存在的主要问题及改进情况")
        let r = ReportReader.parse(text: text, path: "/x/010.txt")
        XCTAssertEqual(r.sections.map(\.key), [.preamble, .overview, .proactive, .requests, .appeals, .problems, .other])
        XCTAssertEqual(r.section(.problems)?.heading, "五、存在的主要问题及改进情况")
    }

    func testHeadingsRunningTogetherOnAShortLine() {
        for problems in ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"] {
            let text = "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本区认真贯彻条例。\n三、收到和处理政府信息公开申请情况\n"
                + "本年新收政府信息公开申请3件。\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况" + problems + "\n一是公开内容不够全面。\n"
            let r = ReportReader.parse(text: text, path: "/x/a.txt")
            XCTAssertEqual(headings(r), ["preamble:", "overview:一、总体情况", "requests:三、收到和处理政府信息公开申请情况",
                                         "appeals:四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "problems:" + problems])
            XCTAssertEqual(r.section(.appeals)?.end, r.section(.problems)?.start)
            XCTAssertEqual(r.section(.problems)?.line, 6)
        }
    }

    func testANumberedPhraseInsideASentenceIsNoHeading() {
        // 四、 after an ideograph that ends no heading stays text (a list inside a paragraph)
        let text = "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本区做好三件事：一是公开，二是解读，三是回应，并研究四、因政府信息公开工作被申请行政复议的处理办法，全面推进政务公开工作落实。\n"
        let r = ReportReader.parse(text: text, path: "/x/b.txt")
        XCTAssertEqual(r.sections.map(\.key), [.preamble, .overview])
    }

    func testOrganisationHeadingOpensTheOverview() throws {
        // 011: 一、政府信息公开工作组织推进情况 on its own line, the preamble before it
        let r = ReportReader.parse(text: try realText("011"), path: "/x/011.txt")
        let overview = try XCTUnwrap(r.section(.overview))
        XCTAssertEqual(overview.heading, "一、政府信息公开工作组织推进情况")
        XCTAssertEqual(overview.line, 4)
        XCTAssertEqual(r.sections.first?.key, .preamble)
        XCTAssertFalse(r.text(of: r.sections[0]).contains("组织推进"))
    }
}
