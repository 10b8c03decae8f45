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
}
