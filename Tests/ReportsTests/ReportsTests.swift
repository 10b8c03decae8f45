import Foundation
@testable import Reports
import TestSupport
import XCTest

final class FixtureMetadataTests: XCTestCase {
    func check(_ prefix: String, year: Int, agency: String?, region: String?, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try ReportReader.read(path: TestPaths.fixture(prefix))
        XCTAssertEqual(r.metadata.year, year, "year", file: file, line: line)
        if let agency {
            XCTAssertTrue(r.metadata.agency?.contains(agency) ?? false, "agency \(r.metadata.agency ?? "nil")", file: file, line: line)
        } else {
            XCTAssertNil(r.metadata.agency, file: file, line: line)
        }
        if let region {
            XCTAssertTrue(r.metadata.region?.contains(region) ?? false, "region \(r.metadata.region ?? "nil")", file: file, line: line)
        } else {
            XCTAssertNil(r.metadata.region, file: file, line: line)
        }
        XCTAssertEqual(r.metadata.format, "standard2019", file: file, line: line)
        XCTAssertTrue(r.path.hasPrefix("/"))
    }
    func testFixture000() throws {
        try check("000", year: 2019, agency: "东丽区政务服务办", region: "东丽区")
        let r = try ReportReader.read(path: TestPaths.fixture("000"))
        XCTAssertEqual(r.metadata.agency, "东丽区政务服务办")   // from the body, not the title's 政务服务办
        XCTAssertEqual(r.title, "政务服务办2019年政府信息公开工作年度报告")
    }
    func testFixture001() throws { try check("001", year: 2020, agency: "涧西区政务服务和大数据管理局", region: "涧西区") }
    func testFixture002() throws {
        try check("002", year: 2020, agency: "军粮城街道办事处", region: "军粮城")
        let r = try ReportReader.read(path: TestPaths.fixture("002"))
        XCTAssertEqual(r.metadata.level, "township")
    }
    func testFixture003() throws {
        try check("003", year: 2019, agency: "洞头区", region: "洞头区")
        let r = try ReportReader.read(path: TestPaths.fixture("003"))
        XCTAssertEqual(r.metadata.region, "浙江省温州市洞头区")
        XCTAssertEqual(r.metadata.level, "county")
    }
    func testFixture004UnknownIsNil() throws { try check("004", year: 2019, agency: nil, region: nil) }
}

final class FixtureSectionTests: XCTestCase {
    typealias Expect = [(SectionKey, String, Int)]   // key, heading, line
    func check(_ prefix: String, _ expected: Expect, preamble: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try ReportReader.read(path: TestPaths.fixture(prefix))
        let body = r.sections.filter { $0.key != .preamble }
        XCTAssertEqual(body.map(\.key), expected.map(\.0), file: file, line: line)
        for (s, e) in zip(body, expected) {
            XCTAssertEqual(s.heading, e.1, file: file, line: line)
            XCTAssertEqual(s.line, e.2, "line of \(e.1)", file: file, line: line)
            // the heading text is inside the section's own range
            XCTAssertTrue(r.text(of: s).contains(e.1.replacingOccurrences(of: "#", with: "").trimmingCharacters(in: .whitespaces)), file: file, line: line)
        }
        XCTAssertEqual(r.sections.first?.key == .preamble, preamble, file: file, line: line)
        // contiguous, in order, ending at the end of the text
        for (a, b) in zip(r.sections, r.sections.dropFirst()) { XCTAssertEqual(a.end, b.start, file: file, line: line) }
        XCTAssertEqual(r.sections.last?.end, r.text.unicodeScalars.count, file: file, line: line)
    }
    func testFixture000() throws {
        try check("000", [(.overview, "一、总体情况", 4), (.proactive, "二、主动公开政府信息情况", 11), (.requests, "三、收到和处理政府信息公开申请情况", 84),
                          (.appeals, "四、政府信息公开行政复议、行政诉讼情况", 346), (.problems, "五、存在的主要问题及改进情况", 392), (.other, "六、其他需要报告的事项", 395)], preamble: true)
    }
    func testFixture001Markdown() throws {
        try check("001", [(.overview, "一、总体情况", 5), (.proactive, "二、主动公开政府信息情况", 17), (.requests, "三、收到和处理政府信息公开申请情况", 38),
                          (.appeals, "四、政府信息公开行政复议、行政诉讼情况", 67), (.problems, "五、存在的主要问题及改进情况", 74), (.other, "六、其他需要报告的事项", 78)], preamble: true)
    }
    func testFixture002WrongNumbersMapByName() throws {
        try check("002", [(.overview, "一、总体情况", 4), (.proactive, "2、 主动公开政府信息情况", 19), (.requests, "三、收到和处理政府信息公开申请情况", 95),
                          (.appeals, "四、政府信息公开行政复议、行政诉讼情况", 357), (.problems, "五、存在的主要问题及改进情况", 404), (.other, "6、 其他需要报告的事项", 411)], preamble: true)
    }
    func testFixture003() throws {
        try check("003", [(.overview, "一、总体情况", 5), (.proactive, "二、主动公开政府信息情况", 40), (.requests, "三、收到和处理政府信息公开申请情况", 116),
                          (.appeals, "四、政府信息公开行政复议、行政诉讼情况", 379), (.problems, "五、存在的主要问题及改进情况", 425), (.other, "六、其他需要报告的事项", 433)], preamble: true)
    }
    func testFixture004NoPreamble() throws {
        try check("004", [(.overview, "一、总体情况", 1), (.proactive, "二、主动公开政府信息情况", 6), (.requests, "三、收到和处理政府信息公开申请情况", 113),
                          (.appeals, "四、政府信息公开行政复议、行政诉讼情况", 516), (.problems, "五、存在的主要问题及改进情况", 585), (.other, "六、其他需要报告的事项", 590)], preamble: false)
    }
}

final class StatisticsTests: XCTestCase {
    func testFixture000TableBreaksTotals() throws {
        let r = try ReportReader.read(path: TestPaths.fixture("000"))
        let st = try XCTUnwrap(r.statistics)
        XCTAssertEqual(st.figure("new_applications"), 15)
        XCTAssertEqual(st.figure("granted"), 15)
        XCTAssertEqual(st.figure("partially_granted"), 15)
        XCTAssertEqual(st.figure("handled_total"), 0)
        XCTAssertNil(st.requests?.new_applications?.research_institution)   // blank cell is null, not 0
        XCTAssertEqual(st.requests?.new_applications?.commercial_enterprise, 0)
        XCTAssertEqual(st.appeals?.litigation_direct?.upheld, 1)
        XCTAssertEqual(st.proactive["normative_documents"]?["made"], 388)
        XCTAssertEqual(st.proactive["licensing"]?["decisions"], 5245)
        XCTAssertEqual(st.value("procurement_amount"), 613.64)
        let rules = Set(r.checks.map(\.rule))
        XCTAssertTrue(rules.contains("handled_total"), "\(r.checks)")
        XCTAssertTrue(rules.contains("requests_balance"))
        let h = try XCTUnwrap(r.checks.first { $0.rule == "handled_total" })
        XCTAssertEqual(h.expected, 30); XCTAssertEqual(h.found, 0)
        XCTAssertTrue(rules.contains("appeals_total"))
    }
    func testFixture004PipesConsistent() throws {
        let r = try ReportReader.read(path: TestPaths.fixture("004"))
        let st = try XCTUnwrap(r.statistics)
        XCTAssertEqual(st.proactive["normative_documents"]?["made"], 30)
        XCTAssertEqual(st.proactive["procurement"]?["count"], 8)
        XCTAssertEqual(st.figure("new_applications"), 0)
        XCTAssertEqual(st.requests?.withheld?.items?.count, 8)
        XCTAssertEqual(st.requests?.unable_to_provide?.items?.count, 3)
        XCTAssertEqual(st.requests?.not_processed?.items?.count, 5)
        XCTAssertEqual(r.checks, [])
    }

    static let rows: [(String, [Int])] = [
        ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 1, 7]),
        ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
        ("（一）予以公开", [3, 1, 0, 0, 0, 0, 4]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
        ("（三）不予公开", []), ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
        ("（四）无法提供", []), ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 1, 2]),
        ("（五）不予处理", []), ("2.重复申请", [0, 0, 0, 0, 0, 0, 0]),
        ("（六）其他处理", [0, 0, 0, 0, 0, 0, 0]),
        ("（七）总计", [6, 1, 0, 0, 0, 1, 8]),
        ("四、结转下年度继续办理", [0, 0, 0, 0, 0, 0, 0]),
    ]
    static let appeals = [1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]

    func render(_ layout: String) -> String {
        var t = "三、收到和处理政府信息公开申请情况\n"
        for (label, v) in Self.rows {
            let cells = [label] + v.map(String.init)
            switch layout {
            case "tabs": t += cells.joined(separator: "\t") + "\n"
            case "cells": t += cells.map { "\t" + $0 }.joined(separator: "\n") + "\n\n"
            case "pipes": t += cells.joined(separator: "\n|\n") + "\n|\n"
            case "markdown": t += "| " + cells.joined(separator: " | ") + " |\n"
            case "spaces": t += cells.joined(separator: "   ") + "\n"
            default: t += label + v.map(String.init).joined()   // run together, one line
            }
        }
        t += layout == "glued" ? "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计" : "\n四、政府信息公开行政复议、行政诉讼情况\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
        t += layout == "glued" ? Self.appeals.map(String.init).joined() + "五、存在的主要问题及改进情况无。" : Self.appeals.map(String.init).joined(separator: "\t") + "\n五、存在的主要问题及改进情况\n无。\n"
        return t
    }

    func testEveryLayout() throws {
        for layout in ["tabs", "cells", "pipes", "markdown", "spaces", "glued"] {
            let r = ReportReader.parse(text: render(layout), path: "/x/\(layout).txt")
            let st = try XCTUnwrap(r.statistics, layout)
            XCTAssertEqual(st.figure("new_applications"), 7, layout)
            XCTAssertEqual(st.requests?.new_applications?.other_org, 1, layout)
            XCTAssertEqual(st.figure("carried_over"), 1, layout)
            XCTAssertEqual(st.figure("granted"), 4, layout)
            XCTAssertEqual(st.figure("withheld"), 1, layout)
            XCTAssertEqual(st.requests?.withheld?.items?["state_secret"]?.total, 1, layout)
            XCTAssertEqual(st.figure("unable_to_provide"), 2, layout)
            XCTAssertEqual(st.requests?.not_processed?.items?["repeated"]?.total, 0, layout)
            XCTAssertEqual(st.figure("handled_total"), 8, layout)
            XCTAssertEqual(st.figure("carried_forward"), 0, layout)
            XCTAssertEqual(st.figure("reconsideration"), 1, layout)
            XCTAssertEqual(st.figure("litigation"), 1, layout)
            XCTAssertEqual(r.checks, [], layout)
        }
    }

    func testGluedSplitUsesTotals() {
        XCTAssertEqual(RowCells.splitGlued([1, 7, 0, 0, 0, 0, 0, 1, 7], groups: 1, per: 7), [17, 0, 0, 0, 0, 0, 17])
        XCTAssertNil(RowCells.splitGlued([1, 2], groups: 1, per: 7))
    }
}

final class DecodingTests: XCTestCase {
    let sample = "某某区财政局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，我局认真落实。\n二、主动公开政府信息情况\n无。\n"

    var dir = ""
    override func setUpWithError() throws { dir = try TempDir.make("decoding") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func tmp(_ name: String, _ data: Data) throws -> String {
        let p = dir + "/" + name
        try data.write(to: URL(fileURLWithPath: p))
        return p
    }

    func assertSample(_ r: Report, _ msg: String) {
        XCTAssertEqual(r.metadata.year, 2021, msg)
        XCTAssertEqual(r.metadata.agency, "某某区财政局", msg)
        XCTAssertEqual(r.sections.map(\.key), [.preamble, .overview, .proactive], msg)
        XCTAssertEqual(r.sections[2].line, 4, msg)
    }

    func testUTF8BOMAndCRLF() throws {
        assertSample(try ReportReader.read(path: tmp("bom.txt", Data([0xEF, 0xBB, 0xBF]) + Data(sample.utf8))), "bom")
        let crlf = sample.replacingOccurrences(of: "\n", with: "\r\n")
        let r = try ReportReader.read(path: tmp("crlf.txt", Data(crlf.utf8)))
        assertSample(r, "crlf")
        XCTAssertTrue(r.text.contains("\r\n"))   // line ends kept; offsets count them
        let cr = sample.replacingOccurrences(of: "\n", with: "\r")
        assertSample(try ReportReader.read(path: tmp("cr.txt", Data(cr.utf8))), "cr")
    }

    func testUTF16() throws {
        var le = Data([0xFF, 0xFE]); var be = Data([0xFE, 0xFF])
        for unit in sample.utf16 {
            le.append(UInt8(unit & 0xFF)); le.append(UInt8(unit >> 8))
            be.append(UInt8(unit >> 8)); be.append(UInt8(unit & 0xFF))
        }
        assertSample(try ReportReader.read(path: tmp("le.txt", le)), "utf16le")
        assertSample(try ReportReader.read(path: tmp("be.txt", be)), "utf16be")
    }

    func testGB18030Fixture() throws {
        let r = try ReportReader.read(path: TestPaths.fixtures + "/101_gb18030_from_001.txt")
        XCTAssertEqual(r.metadata.agency, "涧西区政务服务和大数据管理局")
        XCTAssertEqual(r.metadata.year, 2020)
        XCTAssertEqual(r.sections.filter { $0.key != .preamble }.count, 6)
        XCTAssertEqual(r.warnings, [])
    }

    func testInvalidBytesWarnWithOffset() throws {
        var d = Data(sample.utf8)
        d.insert(0xFF, at: 9)   // a character boundary
        let r = try ReportReader.read(path: tmp("bad.txt", d))
        XCTAssertEqual(r.warnings.count, 1)
        XCTAssertTrue(r.warnings[0].contains("bad.txt") && r.warnings[0].contains("byte offset 9"), r.warnings[0])
        XCTAssertEqual(r.metadata.year, 2021)
    }

    func testErrorsAreOneLineNamingFile() throws {
        let cases: [(String, Data)] = [("empty.txt", Data()), ("bin.txt", Data([0x00, 0x01, 0x02, 0x00])), ("x.xls", Data("abc".utf8))]
        for (name, data) in cases {
            let p = try tmp(name, data)
            XCTAssertThrowsError(try ReportReader.read(path: p)) { e in
                let d = (e as? ReportError)?.description ?? ""
                XCTAssertTrue(d.contains(name), d)
                XCTAssertFalse(d.contains("\n"))
            }
        }
        XCTAssertThrowsError(try ReportReader.read(path: "/nonexistent/r.txt")) { e in
            XCTAssertTrue("\(e)".contains("/nonexistent/r.txt") && "\(e)".contains("no such file"))
        }
    }
}

final class FormatTests: XCTestCase {
    func testHTMLFixture() throws {
        let r = try ReportReader.read(path: TestPaths.fixtures + "/102_html_from_000.html")
        XCTAssertEqual(r.metadata.agency, "东丽区政务服务办")
        XCTAssertFalse(r.text.contains("navjunk") || r.text.contains("var x") || r.text.contains("endif") || r.text.contains("<"))
        XCTAssertEqual(r.sections.filter { $0.key != .preamble }.map(\.key), [.overview, .proactive, .requests, .appeals, .problems, .other])
        XCTAssertEqual(r.statistics?.figure("new_applications"), 15)
    }
    func testDocxFixture() throws {
        let r = try ReportReader.read(path: TestPaths.fixtures + "/103_docx_from_003.docx")
        XCTAssertEqual(r.metadata.year, 2019)
        XCTAssertEqual(r.metadata.region, "浙江省温州市洞头区")
        XCTAssertEqual(r.sections.filter { $0.key != .preamble }.count, 6)
        XCTAssertNotNil(r.statistics?.requests?.new_applications)
    }

    /// Fixture 003 printed to a two-page PDF (scripts/make-pdf-fixture.py): hard-wrapped
    /// lines and a page break, read through pdftotext -layout.
    func testPDFFixture() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            throw XCTSkip("pdftotext (poppler-utils) is not installed")
        }
        let r = try ReportReader.read(path: TestPaths.fixtures + "/105_pdf_from_003.pdf")
        let plain = try ReportReader.read(path: TestPaths.fixture("003"))
        XCTAssertEqual(r.metadata.year, 2019)
        XCTAssertEqual(r.metadata.region, plain.metadata.region)
        XCTAssertEqual(r.metadata.agency, plain.metadata.agency)
        XCTAssertEqual(r.sections.map(\.key), plain.sections.map(\.key))
        // The text is the same but for line breaks and layout spaces.
        func squeeze(_ s: String) -> String { String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
        XCTAssertEqual(squeeze(r.text), squeeze(plain.text))
    }
}

final class RealReportTests: XCTestCase {
    func manifest() throws -> [[String: String]] {
        let text = try String(contentsOfFile: TestPaths.realReports + "/MANIFEST.tsv", encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
    func testManifestLabels() throws {
        var year = 0, agency = 0, region = 0, total = 0
        for row in try manifest() {
            let r = try ReportReader.read(path: TestPaths.realReports + "/" + row["file"]!)
            total += 1
            if r.metadata.year == Int(row["year"]!) { year += 1 }
            if let a = r.metadata.agency, a.contains(row["agency"]!) || row["agency"]!.contains(a) { agency += 1 }
            if r.metadata.region == row["region"] { region += 1 }
            let fmt = row["format"] == "post2019" ? "standard2019" : row["format"]
            XCTAssertEqual(r.metadata.format, fmt, row["file"]!)
        }
        XCTAssertEqual(year, total)
        XCTAssertGreaterThanOrEqual(Double(agency), 0.9 * Double(total))
        XCTAssertGreaterThanOrEqual(Double(region), 0.9 * Double(total))
    }
    func testOneLinePre2019Plan() throws {
        let r = try ReportReader.read(path: TestPaths.realReports + "/004_d85d186ce39a.txt")
        XCTAssertEqual(r.sections.map(\.key), [.preamble, .overview, .proactive, .requests, .appeals, .fees, .problems])
        XCTAssertTrue(r.sections.dropFirst().allSatisfy { $0.line == 3 })   // all headings on the one long line
        XCTAssertEqual(r.metadata.year, 2017)
    }
    func testGluedFiguresInOneLineReport() throws {
        let r = try ReportReader.read(path: TestPaths.realReports + "/006_4ecbe7d76363.txt")
        // 数量110000011: seven figures run together; split so that the total is the sum of the columns
        XCTAssertEqual(r.statistics?.figure("new_applications"), 11)
        XCTAssertEqual(r.statistics?.requests?.new_applications?.natural_person, 11)
    }
    func testCRLineEnds() throws {
        let r = try ReportReader.read(path: TestPaths.realReports + "/013_129cf228fd09.txt")
        XCTAssertEqual(r.metadata.year, 2019)
        XCTAssertEqual(r.section(.requests)?.line, 213)
    }
    func testSignatureNextYear() throws {
        let r = ReportReader.parse(text: "政府信息公开工作年度报告\n一、总体情况\n本单位认真落实。\n\n某某县财政局\n2021年1月13日\n", path: "/t.txt")
        XCTAssertEqual(r.metadata.year, 2020)
        XCTAssertEqual(r.metadata.agency, "某某县财政局")
    }
}

final class UTF16FixtureTests: XCTestCase {
    func testUTF16LECRLFFixture() throws {
        let r = try ReportReader.read(path: TestPaths.fixtures + "/104_utf16le_crlf_from_002.txt")
        XCTAssertEqual(r.metadata.agency, "军粮城街道办事处")
        XCTAssertEqual(r.metadata.year, 2020)
        XCTAssertEqual(r.section(.proactive)?.line, 19)
        XCTAssertEqual(r.section(.other)?.line, 411)
    }
}

/// `readUTF8` (the snippet's reader) gives the same text as `readText` for every format.
final class UTF8TextTests: XCTestCase {
    func testEveryFixtureReadsAsItsDecodedText() throws {
        let dir = TestPaths.fixtures
        let files = try TestPaths.fixtureNames()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for f in files {
            let path = dir + "/" + f
            let got = try ReportReader.readUTF8(path: path)
            XCTAssertEqual(got.bytes, Array(try ReportReader.readText(path: path).text.utf8), f)
            var st = stat()
            XCTAssertEqual(stat(path, &st), 0)
            XCTAssertEqual(got.size, Int(st.st_size), f)
            XCTAssertEqual(got.mtime, Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9, f)
        }
    }

    func testBrokenAndBOMFiles() throws {
        let dir = try TempDir.make("utf8text")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [(String, [UInt8])] = [
            ("bom.txt", [0xEF, 0xBB, 0xBF] + Array("复议".utf8)),
            ("invalid.txt", Array("复议".utf8) + [0xE4, 0xB8] + Array("诉讼报告正文".utf8)),
            ("utf16.md", [0xFF, 0xFE] + Array("复议".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        ]
        for (name, bytes) in cases {
            let path = dir + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let got = try ReportReader.readUTF8(path: path).bytes
            XCTAssertEqual(got, Array(try ReportReader.readText(path: path).text.utf8), name)
            XCTAssertNotNil(String(validating: got, as: UTF8.self), name)
        }
        XCTAssertThrowsError(try ReportReader.readUTF8(path: dir + "/missing.txt"))
        // A FIFO where a report was (no writer): an error at once, never a hang.
        XCTAssertEqual(mkfifo(dir + "/fifo.txt", 0o600), 0)
        XCTAssertThrowsError(try ReportReader.readUTF8(path: dir + "/fifo.txt"))
        XCTAssertThrowsError(try ReportReader.readUTF8(path: "/dev/zero"))
        XCTAssertThrowsError(try ReportReader.read(path: dir + "/fifo.txt"))
    }
}
