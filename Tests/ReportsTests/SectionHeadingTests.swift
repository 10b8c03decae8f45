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

    /// 000 (河北省人社厅 2018, one line) numbers its parts by topic (MANIFEST: thematic headings
    /// 一、围绕建设法治人社全面推进政务公开 … 四、依法实施政府信息依申请公开 … 六、落实制度要求…): its
    /// text is no preamble, its requests section is 四 and ends where 五 (放管服) starts.
    func testThematicHeadingsOf000() throws {
        let r = ReportReader.parse(text: try realText("000"), path: "/x/000.txt")
        XCTAssertEqual(r.sections.map(\.key), [.preamble, .overview, .proactive, .requests, .other])
        XCTAssertEqual(try XCTUnwrap(r.section(.overview)).heading, "一、围绕建设法治人社全面推进政务公开")
        XCTAssertEqual(try XCTUnwrap(r.section(.proactive)).heading, "二、加大就业社保人才重点领域主动公开")
        let requests = try XCTUnwrap(r.section(.requests))
        XCTAssertEqual(requests.heading, "四、依法实施政府信息依申请公开")
        XCTAssertTrue(r.text(of: requests).contains("2018年受理政府信息依申请公开98件"))
        XCTAssertFalse(r.text(of: requests).contains("放管服"))
        XCTAssertTrue(r.text(of: try XCTUnwrap(r.section(.other))).hasPrefix("五、全面深化“放管服”改革"))
        XCTAssertFalse(r.text(of: try XCTUnwrap(r.section(.preamble))).contains("一、"))
        // the year's applications are still read from its prose (label: 98, line 3)
        XCTAssertEqual(r.statistics?.requests?.new_applications?.total, 98)
    }

    /// A report whose 一、 names its overview follows the plan: the rows 一、本年新收 … 四、结转下年度 of
    /// its requests table are no thematic parts (020 through pymupdf4llm prints its sections and table on one line).
    func testTableRowsAreNoThematicHeadings() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/renderings/pymupdf4llm/020_f95fd5c3b777.txt", encoding: .utf8)
        XCTAssertTrue(text.contains("四、结转下年度继续办理"))
        let r = ReportReader.parse(text: text, path: "/x/020.txt")
        XCTAssertEqual(r.sections.map(\.key), [.preamble, .overview, .proactive, .requests])
        XCTAssertTrue(r.text(of: try XCTUnwrap(r.section(.requests))).contains("四、结转下年度继续办理"))
    }

    /// A 法治政府建设 report (CopyFixtures/text-dump, not_a_report) numbers its parts by topic too, but none
    /// of them is about requests or proactive disclosure: they are read as no sections of a disclosure report.
    func testThematicPartsOfAnotherReportAreNoSections() throws {
        let text = try String(contentsOfFile: TestPaths.repo + "/CopyFixtures/text-dump/www.hongze.gov.cn_art_2023_3_28_art_11532_3876105.txt", encoding: .utf8)
        XCTAssertTrue(text.contains("一、2022年推进法治政府建设的主要举措和成效"))
        XCTAssertEqual(ReportReader.parse(text: text, path: "/x/h.txt").sections.map(\.key), [.preamble])
    }
}
