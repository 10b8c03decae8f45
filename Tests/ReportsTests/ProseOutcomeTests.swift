import Foundation
import XCTest
@testable import Reports
import TestSupport

/// How the year's applications were answered, from the prose of a report whose tables do not give
/// it (予以公开 / 同意公开 → granted, 部分公开 → partially_granted, 不予公开 → withheld): read only from
/// an unambiguous sentence, marked `prose` with its line; statements that differ, or a table that
/// says otherwise, leave the figure null with both in the reason. The sentences are the reports'
/// own (Fixtures/000, RealReports/022); the figures they must give are their tables' (the labels).
final class ProseOutcomeTests: XCTestCase {
    func read(_ body: String) -> Report {
        ReportReader.parse(text: "某某县民政局2017年政府信息公开工作年度报告\n一、概述\n今年开设窗口26个，共受理申请121510件。\n二、依申请公开情况\n" + body + "\n三、存在的主要问题\n无。\n", path: "/x/p.txt")
    }
    func total(_ r: Report, _ row: String) -> Int? { r.statistics?.requests?[row]?.total }
    func source(_ r: Report, _ row: String) -> FigureSource? { r.statistics?.sources["requests.\(row).total"] }
    func reason(_ r: Report, _ row: String) -> String? { r.statistics?.nulls["requests.\(row).total"] }

    /// Fixtures/000 line 5 (its table: 本年新收 15, (一)予以公开 15).
    func testGrantedFromFixture000sSentence() {
        let r = read("全年主动公开388件，较上一年增加234件；全年接收政府信息公开申请15件，予以公开15件。")
        XCTAssertEqual(total(r, "granted"), 15)
        XCTAssertEqual(source(r, "granted"), FigureSource(line: 5, how: "prose"))
        XCTAssertNil(total(r, "withheld"))
        XCTAssertNil(total(r, "partially_granted"))
    }

    /// RealReports/022 lines 43–46, hard wraps kept (its table, labelled: 予以公开 9, 部分公开 0, 不予公开 1 + 1).
    func testOutcomesFrom022sSentenceAcrossItsWraps() {
        let r = read("申请 2 件，所有申请均已按要求办理完成。所有办结的信息公开\n申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提供的 10 件，不予处理 0 件，其他处理 14 件，转下一\n年度办理答复的有 1 件。")
        XCTAssertEqual(total(r, "granted"), 9)
        XCTAssertEqual(total(r, "partially_granted"), 0)
        XCTAssertEqual(total(r, "withheld"), 2)
        XCTAssertEqual(source(r, "granted"), FigureSource(line: 6, how: "prose"))
        XCTAssertEqual(source(r, "withheld"), FigureSource(line: 6, how: "prose"))   // the figure's line
    }

    /// 022 with its requests table taken out (lines 91–179, as where the table is an image): the prose
    /// stands in, and gives the labelled figures or none.
    func test022WithoutItsRequestsTableReadsItsProse() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/022_6ca1637edda3.txt", encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        XCTAssertTrue(lines[90].hasPrefix("二、收到和处理政府信息公开申请情况"))
        XCTAssertTrue(lines[179].hasPrefix("三、政府信息公开行政复议、行政诉讼情况"))
        let cut = (lines[..<90] + lines[179...]).joined(separator: "\n")
        let r = ReportReader.parse(text: cut, path: "/x/022.txt")
        XCTAssertEqual(total(r, "granted"), 9)
        XCTAssertEqual(total(r, "partially_granted"), 0)
        XCTAssertEqual(total(r, "withheld"), 2)
        XCTAssertEqual(source(r, "granted"), FigureSource(line: 44, how: "prose"))
        XCTAssertTrue(total(r, "new_applications") == nil || total(r, "new_applications") == 34)
        // with the table there, its cells stand and the prose is not read
        let whole = try ReportReader.read(path: TestPaths.realReports + "/022_6ca1637edda3.txt")
        XCTAssertEqual(whole.statistics?.sources["requests.granted.total"]?.how, "cell")
    }

    func testTheWordsThatTurnAnOutcome() {
        let r = read("全年共受理政府信息公开申请6件，其中不予以公开3件，部分予以公开2件，不同意公开1件。")
        XCTAssertEqual(total(r, "withheld"), 3)
        XCTAssertNil(total(r, "granted"))            // 部分予以公开, 不同意公开 are no grants
        XCTAssertNil(total(r, "partially_granted"))  // 部分予以公开 is not read as 部分公开 either
    }

    /// A figure that belongs to another noun, a rate, a change, another year, a running total, a
    /// channel, an appeal, a part of the body or the proactive work is not read.
    func testNumbersThatAreNoOutcome() {
        for said in [
            "全年共受理政府信息公开申请12件，予以公开率达100%。",
            "全年共受理政府信息公开申请12件，予以公开的文件12件。",
            "全年共受理政府信息公开申请12件，同比增加3件，予以公开增加2件。",
            "全年共受理政府信息公开申请12件，较上年予以公开5件有所增加。",
            "2017年受理政府信息公开申请12件，2016年予以公开10件。",
            "截至目前，累计受理政府信息公开申请100件，予以公开80件。",
            "本年度收到信函申请3件，予以公开2件。",
            "收到政府信息公开行政复议申请2件，予以公开1件。",
            "全年共受理政府信息公开申请12件，其中区教育局予以公开3件。",
            "予以公开2017年度部门预算。",
            "全年共受理政府信息公开申请12件，予以公开05件。",
        ] {
            let r = read(said)
            XCTAssertNil(total(r, "granted"), said)
            XCTAssertNil(reason(r, "granted"), said)
        }
        // outside the requests section the sentence must be about disclosure applications, after any 主动公开
        let overview = ReportReader.parse(text: "某某县民政局2017年政府信息公开工作年度报告\n一、概述\n全年受理政府信息公开申请3件；主动公开各类信息，经审查同意公开12件。\n", path: "/x/o.txt")
        XCTAssertNil(total(overview, "granted"))
        let proactive = ReportReader.parse(text: "某某县民政局2017年政府信息公开工作年度报告\n一、概述\n通过门户网站予以公开12件。\n", path: "/x/o.txt")
        XCTAssertNil(proactive.statistics?.requests?.granted)
    }

    func testDisagreeingStatementsGiveNullWithBoth() {
        let r = read("全年共受理政府信息公开申请12件，其中予以公开10件。\n经复核，其中予以公开9件。")
        XCTAssertNil(total(r, "granted"))
        XCTAssertEqual(reason(r, "granted"), "the prose states different figures: 10 (line 5), 9 (line 6)")
        XCTAssertEqual(total(r, "new_applications"), 12)
    }

    /// RealReports/017 (its pre-2019 table: 受理依申请公开信息总数 and 同意公开答复数 0) with its
    /// sentence changed to state 1 and 予以公开1件: table and prose differ, so neither is taken.
    func testOldTableAndProseThatDisagreeGiveNull() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/017_4f7f950606c8.txt", encoding: .utf8)
        let said = "2016年全区未收到有关政府信息公开申请。"
        XCTAssertTrue(text.contains(said))
        let r = ReportReader.parse(text: text.replacingOccurrences(of: said, with: "2016年全区收到政府信息公开申请1件，予以公开1件。"), path: "/x/017.txt")
        XCTAssertNil(total(r, "granted"))
        XCTAssertEqual(reason(r, "granted")?.hasPrefix("the table gives 0 (line 1), the prose 1 (line 1)"), true)
        XCTAssertNil(total(r, "new_applications"))
        // as printed, the prose states no grant: the table's 0 stands, from its cell
        let printed = try ReportReader.read(path: TestPaths.realReports + "/017_4f7f950606c8.txt")
        XCTAssertEqual(total(printed, "granted"), 0)
        XCTAssertEqual(source(printed, "granted")?.how, "split by rule")
    }

    /// A requests table printed but not read (019 through pdftotext, 本年新 cut from 收 by an empty line,
    /// as in `ProseFigureTests`), its sentence changed to state a grant: the prose does not stand in
    /// for the table, its statement is the reason.
    func testAnUnreadTableIsNotReplacedByTheProsesOutcomes() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/renderings/pdftotext-layout/019_50f098d11f23.txt", encoding: .utf8)
        let said = "均在法定期限内予以答复"
        XCTAssertTrue(text.contains("收到政府信息公开申请75件，涉及自然人72件、商业企业3件，" + said))
        let printed = ReportReader.parse(text: text, path: "/x/019.txt")
        XCTAssertEqual(printed.statistics?.sources["requests.granted.total"]?.how, "split by rule")   // 予以答复 is no grant
        let changed = text.replacingOccurrences(of: "本年新\n", with: "本年新\n\n").replacingOccurrences(of: said, with: "其中予以公开21件")
        let r = ReportReader.parse(text: changed, path: "/x/019.txt")
        XCTAssertNil(total(r, "granted"))
        XCTAssertEqual(reason(r, "granted"), "the requests table is printed but its rows are not read; the prose states 21 (line 23)")
    }
}
