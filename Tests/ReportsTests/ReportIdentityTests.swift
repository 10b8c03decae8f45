import Foundation
@testable import Reports
import TestSupport
import XCTest

/// What tells a report from a page that is none, and copies of one report from
/// different reports, on the real reports (RealReports/, Fixtures/) and on
/// copies made by construction (Fixtures' 101–105 are the seeds in other formats).
final class ReportIdentityTests: XCTestCase {
    func realReportPaths() throws -> [String] {
        let real = try FileManager.default.contentsOfDirectory(atPath: TestPaths.realReports)
            .filter { $0.hasSuffix(".txt") }.sorted().map { TestPaths.realReports + "/" + $0 }
        let fixtures = try TestPaths.fixtureNames().map { TestPaths.fixtures + "/" + $0 }
        return real + fixtures
    }

    func testEveryRealReportIsAReport() throws {
        let paths = try realReportPaths()
        XCTAssertEqual(paths.count, 34)
        for path in paths {
            let r = try ReportReader.read(path: path)
            XCTAssertNil(ReportKind.rejection(r), path)
        }
    }

    func rejection(_ text: String) -> ReportKind.Rejection? {
        ReportKind.rejection(ReportReader.parse(text: text, path: "/page.txt"))
    }

    func testPagesThatAreNoReport() {
        let chrome = "首页 机构概况 政务公开 财政预决算 政务服务 互动交流\n当前位置：首页 > 政务公开 > 政府信息公开年报\n"
        let footer = "\n主办单位：某某市人民政府办公室 网站标识码：1300000001 冀ICP备05003432号 技术支持：某某网络公司\n"
        // An error page whose breadcrumb names the report column.
        if case .errorPage? = rejection(chrome + "对不起，您访问的页面不存在或已被删除！\n返回首页" + footer) {} else {
            XCTFail("404 page: \(String(describing: rejection(chrome + "对不起，您访问的页面不存在或已被删除！" + footer)))")
        }
        // A column's listing page: many report titles with dates, no prose.
        var listing = chrome
        for (i, agency) in ["河北省教育厅", "河北省科学技术厅", "河北省工业和信息化厅", "河北省人力资源和社会保障厅"].enumerated() {
            for year in 2019...2022 { listing += "\(agency)\(year)年政府信息公开工作年度报告 \(year + 1)-01-\(10 + i)\n" }
        }
        listing += "首页 上一页 1 2 3 下一页 尾页" + footer
        XCTAssertEqual(rejection(listing), .listingPage(titles: 16))
        // A crawler's log.
        var log = ""
        for i in 0..<40 { log += "2024-03-01 10:\(10 + i % 50):13 INFO GET http://www.hebei.gov.cn/col/\(i).html 200\n" }
        log += "2024-03-01 10:59:59 ERROR retry 3 failed: timeout\n"
        if case .crawlLog? = rejection(log) {} else { XCTFail("crawl log: \(String(describing: rejection(log)))") }
        // Another kind of report that mentions 政府信息公开 in its text.
        let rule = "某某区2022年法治政府建设年度报告\n" + String(repeating: "2022年，我区坚持以习近平新时代中国特色社会主义思想为指导，全面推进依法行政，深入推进政务公开，认真落实政府信息公开条例，法治政府建设取得新成效。", count: 8)
        XCTAssertEqual(rejection(rule), .otherDocument(title: "某某区2022年法治政府建设年度报告"))
        // A notice about the reports, which names them in its title.
        let notice = "关于做好2023年政府信息公开工作年度报告编制发布工作的通知\n各区县人民政府、市政府各部门：\n" + String(repeating: "为做好政府信息公开工作年度报告编制发布工作，现将有关事项通知如下，请各单位按照国务院办公厅要求认真组织编制，按时向社会公开。", count: 6)
        XCTAssertEqual(rejection(notice), .otherDocument(title: "关于做好2023年政府信息公开工作年度报告编制发布工作的通知"))
        // A short page saying nothing of a report.
        if case .noReportEvidence? = rejection(chrome + "欢迎访问" + footer) {} else { XCTFail("short page") }
        // A short report that names itself with its year is kept.
        XCTAssertNil(rejection("某区2020年政府信息公开工作年度报告\n一、总体情况\n行政复议零件。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"))
    }

    func fingerprint(_ path: String) throws -> TextFingerprint { TextFingerprint(text: try ReportReader.read(path: path).text) }

    /// Distinct reports — one agency's other years and other agencies on the same
    /// template included — stay far below the copy threshold.
    func testDistinctReportsAreNotCopies() throws {
        let paths = try realReportPaths().filter { !($0 as NSString).lastPathComponent.contains("_from_") }
        let prints = try paths.map(fingerprint)
        var most = 0.0
        for i in 0..<prints.count {
            for j in (i + 1)..<prints.count {
                let s = prints[i].similarity(to: prints[j])
                most = max(most, s.containment)
                XCTAssertFalse(TextFingerprint.areCopies(s), "\(paths[i]) ~ \(paths[j]): \(s)")
            }
        }
        XCTAssertGreaterThan(most, 0.3, "same-template reports share boilerplate: the test measures something")
    }

    /// Each seed against its copy in another format or encoding.
    func testCopiesInOtherFormatsAreCopies() throws {
        for name in try TestPaths.fixtureNames() {
            guard let r = name.range(of: "_from_") else { continue }
            let seed = TestPaths.fixture(String(name[r.upperBound...].prefix(3)))
            let s = try fingerprint(TestPaths.fixtures + "/" + name).similarity(to: try fingerprint(seed))
            XCTAssertTrue(TextFingerprint.areCopies(s), "\(name) ~ \(seed): \(s)")
        }
    }

    func testMinHashEstimatesJaccard() throws {
        let a = try fingerprint(TestPaths.fixture("001")), b = try fingerprint(TestPaths.fixture("101"))
        let c = try fingerprint(TestPaths.realReports + "/010_477fcc932ac7.txt")
        func estimate(_ x: TextFingerprint, _ y: TextFingerprint) -> Double {
            let (p, q) = (x.minHash(count: 128), y.minHash(count: 128))
            return Double(zip(p, q).filter { $0 == $1 }.count) / 128
        }
        XCTAssertEqual(estimate(a, b), a.similarity(to: b).jaccard, accuracy: 0.15)
        XCTAssertEqual(estimate(a, c), a.similarity(to: c).jaccard, accuracy: 0.15)
        XCTAssertLessThan(estimate(a, c), 0.3)
    }
}

/// The crawl-like collection of CopyFixtures/, whose EXPECTED.tsv says by
/// construction which report each file is a copy of, or what else it is.
final class CopyCollectionTests: XCTestCase {
    struct Row { var path: String; var group: String; var kind: String; var year: Int?; var agency: String }

    static func rows() throws -> [Row] {
        let dir = TestPaths.repo + "/CopyFixtures"
        return try String(contentsOfFile: dir + "/EXPECTED.tsv", encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(path: dir + "/" + f[0], group: f[1], kind: f[3], year: Int(f[5]), agency: f[6])
        }
    }

    func testEveryReportIsKeptAndEveryOtherPageSkipped() throws {
        let rows = try Self.rows()
        XCTAssertEqual(rows.count, 43)
        for row in rows {
            let r = try ReportReader.read(path: row.path)
            let why = ReportKind.rejection(r)
            if row.kind == "report" {
                XCTAssertNil(why, row.path)
            } else {
                XCTAssertNotNil(why, "\(row.path) is a \(row.kind)")
            }
        }
    }

    /// Every pair of report files: copies when and only when they are of one group.
    func testCopiesAreTheConstructedGroups() throws {
        let rows = try Self.rows().filter { $0.kind == "report" }
        let prints = try rows.map { TextFingerprint(text: try ReportReader.read(path: $0.path).text) }
        var leastCopy = 1.0, mostDistinct = 0.0
        for i in 0..<rows.count {
            for j in (i + 1)..<rows.count {
                let s = prints[i].similarity(to: prints[j])
                let same = rows[i].group == rows[j].group
                if same { leastCopy = min(leastCopy, s.containment) } else { mostDistinct = max(mostDistinct, s.containment) }
                XCTAssertEqual(TextFingerprint.areCopies(s), same, "\(rows[i].path) ~ \(rows[j].path): \(s)")
            }
        }
        print("copies: least containment \(leastCopy); distinct reports: most \(mostDistinct)")
    }

    /// The index decides by the sketch kept in each file's record: on every pair of the collection's
    /// report files and of the real reports, it decides as the exact fingerprint does, by a margin.
    func testSketchDecidesAsTheFingerprint() throws {
        let copies = try Self.rows().filter { $0.kind == "report" }.map(\.path)
        let real = try FileManager.default.contentsOfDirectory(atPath: TestPaths.realReports)
            .filter { $0.hasSuffix(".txt") }.sorted().map { TestPaths.realReports + "/" + $0 }
        let paths = copies + real + (try TestPaths.fixtureNames().map { TestPaths.fixtures + "/" + $0 })
        let texts = try paths.map { try ReportReader.read(path: $0).text }
        let prints = texts.map(TextFingerprint.init(text:))
        let sketches = texts.map(TextSketch.init(text:))
        var pairs = 0, copyPairs = 0, worst = 0.0
        for i in 0..<paths.count {
            XCTAssertGreaterThanOrEqual(sketches[i].samples.count, TextSketch.minimumSamples, paths[i])
            XCTAssertEqual(TextSketch(encoded: sketches[i].encoded), sketches[i])
            for j in (i + 1)..<paths.count {
                let exact = prints[i].similarity(to: prints[j])
                let estimate = sketches[i].similarity(to: sketches[j])
                XCTAssertEqual(sketches[i].isCopy(of: sketches[j]), TextFingerprint.areCopies(exact),
                               "\(paths[i]) ~ \(paths[j]): exact \(exact), sketch \(estimate)")
                worst = max(worst, abs(exact.containment - estimate.containment))
                pairs += 1
                if TextFingerprint.areCopies(exact) { copyPairs += 1 }
            }
        }
        XCTAssertGreaterThan(copyPairs, 30)
        // Measured: within 0.15 of the exact containment on 2,145 pairs (0.14 at worst, on a short text).
        XCTAssertLessThan(worst, 0.2, "the sample estimates containment within 0.2 on \(pairs) pairs")
    }
}

/// The generated corpus is made of reports only: none may be taken for a page that is none.
final class GeneratedReportKindTests: XCTestCase {
    func testNoGeneratedReportIsRejected() throws {
        let dir = try temporaryDirectory("kind")
        let truth = try CorpusGenerator.generate(400, into: dir, seed: 11)
        XCTAssertEqual(truth.count, 400)
        for path in truth.keys.sorted() {
            let r = try ReportReader.read(path: path)
            XCTAssertNil(ReportKind.rejection(r), path)
        }
    }
}
