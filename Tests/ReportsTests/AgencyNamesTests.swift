import XCTest
@testable import Reports
import TestSupport

final class AgencyNamesTests: XCTestCase {
    func testShortFormsAndZoneCommittees() {
        XCTAssertEqual(AgencyNames.canonical("河北省科技厅"), "河北省科学技术厅")
        XCTAssertEqual(AgencyNames.canonical("河北省科学技术厅"), "河北省科学技术厅")
        XCTAssertEqual(AgencyNames.canonical("上海市科委"), "上海市科学技术委员会")
        XCTAssertEqual(AgencyNames.canonical("河北省人社厅"), "河北省人力资源和社会保障厅")
        XCTAssertEqual(AgencyNames.canonical("平潭综合实验区管委会"), "平潭综合实验区")
        // Only the end of a name, and only a zone's committee.
        XCTAssertEqual(AgencyNames.canonical("科技厅机关服务中心"), "科技厅机关服务中心")
        XCTAssertEqual(AgencyNames.canonical("某市城市管理委员会"), "某市城市管理委员会")
        XCTAssertEqual(AgencyNames.canonical("洪泽区人民政府"), "洪泽区人民政府")
    }

    /// Real pairs: the same body in reports of different years gets one name, and inspect keeps the written one.
    func testRealReportsOfOneBodyShareTheName() throws {
        func read(_ name: String) throws -> Report { try ReportReader.read(path: TestPaths.realReports + "/" + name) }
        let pingtan2014 = try read("016_ce13bc2a6128.txt"), pingtan2016 = try read("017_4f7f950606c8.txt")
        XCTAssertEqual(pingtan2014.metadata.agencyAsWritten, "平潭综合实验区管委会")
        XCTAssertEqual(pingtan2014.metadata.agency, pingtan2016.metadata.agency)
        XCTAssertEqual(pingtan2014.metadata.agency, "平潭综合实验区")
        let kewei = try read("022_6ca1637edda3.txt")
        XCTAssertEqual(kewei.metadata.agencyAsWritten, "上海市科委")
        XCTAssertEqual(kewei.metadata.agency, "上海市科学技术委员会")
        XCTAssertEqual(InspectRecord(kewei).agency_written, "上海市科委")
    }

    func testABodyUnderACityIsNamedFromTheCity() {
        let hongze = ["江苏省", "淮安市", "洪泽区"]
        func name(_ written: String, _ places: [String], _ region: [String]) -> String {
            AgencyNames.canonical(written, places: places, region: region)
        }
        // one year with the city, the next without, another with the province too: one name
        XCTAssertEqual(name("淮安市洪泽区人民政府", ["淮安市", "洪泽区"], hongze), "淮安市洪泽区人民政府")
        XCTAssertEqual(name("洪泽区人民政府", ["洪泽区"], hongze), "淮安市洪泽区人民政府")
        XCTAssertEqual(name("江苏省淮安市洪泽区人民政府", ["江苏省", "淮安市", "洪泽区"], hongze), "淮安市洪泽区人民政府")
        XCTAssertEqual(name("洪泽区财政局", ["洪泽区"], hongze), "淮安市洪泽区财政局")
        // a district of a city of province rank, a county-level city
        XCTAssertEqual(name("浦东新区人民政府", ["浦东新区"], ["上海市", "浦东新区"]), "上海市浦东新区人民政府")
        XCTAssertEqual(name("瑞安市人民政府", ["瑞安市"], ["浙江省", "温州市", "瑞安市"]), "温州市瑞安市人民政府")
        // no city the report names: nothing added; a zone under its province, a province's department: unchanged
        XCTAssertEqual(name("沐阳县人民政府", ["沐阳县"], ["沐阳县"]), "沐阳县人民政府")
        XCTAssertEqual(name("平潭综合实验区管委会", ["平潭综合实验区"], ["福建省", "平潭综合实验区"]), "平潭综合实验区")
        XCTAssertEqual(name("河北省科技厅", ["河北省"], ["河北省"]), "河北省科学技术厅")
        XCTAssertEqual(name("淮安市人民政府", ["淮安市"], ["江苏省", "淮安市"]), "淮安市人民政府")
    }

    /// 021 (its title's first line 洪泽区人民政府) and the same text with 淮安市洪泽区人民政府 there, as another year writes it.
    func testRealDistrictWithAndWithoutItsCity() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/021_b5cd7ac1f130.txt", encoding: .utf8)
        let without = ReportReader.parse(text: text, path: "/x/2023.txt")
        XCTAssertEqual(without.metadata.agencyAsWritten, "洪泽区人民政府")
        let withCity = ReportReader.parse(text: text.replacingOccurrences(of: "                洪泽区人民政府\n", with: "           淮安市洪泽区人民政府\n"), path: "/x/2024.txt")
        XCTAssertEqual(withCity.metadata.agencyAsWritten, "淮安市洪泽区人民政府")
        XCTAssertEqual(without.metadata.agency, "淮安市洪泽区人民政府")
        XCTAssertEqual(withCity.metadata.agency, without.metadata.agency)
        XCTAssertEqual(without.metadata.region, "江苏省淮安市洪泽区")
    }

    func testAgencyNamedOnlyInTheOpeningSentence() {
        func read(_ opening: String) -> Metadata {
            ReportReader.parse(text: "2024年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》编制。\n一、总体情况\n"
                               + opening + "\n二、主动公开政府信息情况\n主动公开文件20件。\n", path: "/x/o.txt").metadata
        }
        let pingtan = read("2024年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导，持续深化政府信息公开。")
        XCTAssertEqual(pingtan.agency, "平潭综合实验区")
        XCTAssertEqual(pingtan.region, "福建省平潭综合实验区")
        XCTAssertEqual(pingtan.level, "county")
        let hongze = read("2024年度，淮安市洪泽区人民政府认真贯彻落实条例要求，持续深化政府信息公开。")
        XCTAssertEqual(hongze.agency, "淮安市洪泽区人民政府")
        XCTAssertEqual(hongze.region, "江苏省淮安市洪泽区")
        XCTAssertEqual(hongze.level, "county")
        // a place not followed by what it did is not read from the opening sentence
        XCTAssertNil(read("2024年，平潭综合实验区的政务公开工作取得新进展。").agency)
    }

    /// A department named only in the opening sentence: the sentences are the reports' own
    /// (RealReports 002, 006, 007, 009: MANIFEST names their agencies), read with no title and no signature.
    func testDepartmentNamedOnlyInTheOpeningSentence() {
        func read(_ opening: String) -> Metadata {
            ReportReader.parse(text: "政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》编制。\n一、总体情况\n"
                               + opening + "\n二、主动公开政府信息情况\n主动公开文件20件。\n", path: "/x/o.txt").metadata
        }
        for (opening, written) in [
            ("2022年，河北省科学技术厅坚持以习近平新时代中国特色社会主义思想为指导，以迎接、学习、宣传、贯彻党的二十大为主线。", "河北省科学技术厅"),
            ("2022年，河北省人社厅坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神和党中央、国务院决策部署。", "河北省人社厅"),
            ("2016年，河北省工业和信息化厅认真贯彻落实党的十八大关于推进政务公开工作部署。", "河北省工业和信息化厅"),
            ("2020年，河北省工业和信息化厅坚持以习近平新时代中国特色社会主义思想为指导。", "河北省工业和信息化厅"),
        ] {
            let m = read(opening)
            XCTAssertEqual(m.agencyAsWritten, written, opening)
            XCTAssertEqual(m.region, "河北省", opening)
            XCTAssertEqual(m.level, "province", opening)
        }
        // a city's department, and a government's office
        XCTAssertEqual(read("2023年，淮安市生态环境局坚持以习近平生态文明思想为指导，持续深化政府信息公开。").agencyAsWritten, "淮安市生态环境局")
        XCTAssertEqual(read("2023年，淮安市市场监督管理局认真贯彻落实条例要求。").agencyAsWritten, "淮安市市场监督管理局")
        XCTAssertEqual(read("2023年，淮安市人民政府办公室坚持公开为常态。").agencyAsWritten, "淮安市人民政府办公室")
        // a sentence naming another body, or no department, gives none
        for opening in [
            "2023年，淮安市委高度重视政务公开工作。",                       // the party's committee
            "2023年，淮安市纪委监委坚持公开为常态。",
            "2023年，淮安市人大常委会坚持依法监督。",
            "2023年，在市委市政府的坚强领导下，淮安市生态环境局坚持…。",  // not right after the year
            "2023年，淮安市财政局和税务局坚持协同公开。",                   // two bodies
            "2023年，淮安市各部门认真贯彻落实条例。",
            "2016年，河北省教育厅把大力推行政府信息公开作为促进教育公平的重要抓手。",   // 012: 把 opens no deed the list knows
            "2023年，淮安市紧扣大局坚持公开。",                             // 市|紧扣: the place's own deed
            "2023年，全市政务公开工作稳步推进。2023年，淮安市教育局坚持公开为常态。",   // a department's part of the work
        ] {
            let m = read(opening)
            XCTAssertTrue(m.agencyAsWritten == nil || m.agencyAsWritten == "淮安市", opening + ": " + (m.agencyAsWritten ?? ""))
        }
    }

    /// No agency of the manifest is read worse than before: each still contains, or is contained in, the label.
    func testManifestAgenciesStillMatch() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/MANIFEST.tsv", encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let r = try ReportReader.read(path: TestPaths.realReports + "/" + cells[0])
            let label = cells[5]
            let matches = [r.metadata.agency, r.metadata.agencyAsWritten].contains { a in a.map { $0 == label || $0.contains(label) || label.contains($0) } ?? false }
            XCTAssertTrue(matches, "\(cells[0]): \(r.metadata.agency ?? "nil") for \(label)")
            XCTAssertEqual(r.metadata.region, cells[6], cells[0])
        }
    }

    /// Every rendering of the labelled reports (RealReports/renderings) names the manifest's agency and
    /// region or none, never another: a page's word or the sentence before a crawled title (正文2024年上海市科委…,
    /// …特向社会公布2015年度我厅…) is no agency, a title under a running head (page-markers) or cut short
    /// (河北省科学技术厅2020年政府信息公开工作年度报...) still names it, and so does the opening sentence.
    func testRenderingsGiveTheManifestsAgencyOrNone() throws {
        let text = try String(contentsOfFile: TestPaths.realReports + "/MANIFEST.tsv", encoding: .utf8)
        var label: [String: (agency: String, region: String)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            label[c[0]] = (c[5], c[6])
        }
        let root = TestPaths.realReports + "/renderings"
        var read: Set<String> = []
        for kind in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + kind).sorted() {
                guard let want = label[name] else { continue }
                let m = try ReportReader.read(path: "\(root)/\(kind)/\(name)").metadata
                let found = [m.agency, m.agencyAsWritten].compactMap { $0 }
                XCTAssertTrue(found.isEmpty || found.contains { $0.contains(want.agency) || want.agency.contains($0) }, "\(kind)/\(name): \(found)")
                XCTAssertTrue(m.region == nil || m.region == want.region, "\(kind)/\(name): \(m.region ?? "")")
                if !found.isEmpty { read.insert("\(kind)/\(name.prefix(3))") }
            }
        }
        // fixed here: a page word before the title (003, 022), the opening sentence (006, 007), a title
        // under a running head (page-markers) or cut by a list page (005 collapsed)
        for r in ["collapsed/003", "no-space/003", "no-space/022", "pymupdf4llm/022", "collapsed/006", "no-space/006", "page-markers/006", "page-markers/007",
                  "collapsed/005", "no-space/005", "page-markers/000", "page-markers/005", "page-markers/008", "page-markers/009", "page-markers/010", "page-markers/014"] {
            XCTAssertTrue(read.contains(r), r)
        }
    }
}
