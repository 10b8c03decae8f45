import Foundation
import XCTest
@testable import GovSearchCore
@testable import Reports
import TestSupport

/// Each real table layout, read from a copy of the report (RealReports/) and checked against
/// the two readers' labels (scripts/accuracy/real-table-labels.tsv): a labelled number must come out
/// as that number, from the labelled line; `blank`, `unreadable` and `absent` must come out null.
final class RealTableTests: XCTestCase {
    struct Label { var figure: String; var value: String; var line: Int; var how: String }

    static let labels: [String: [Label]] = {
        let path = TestPaths.repo + "/scripts/accuracy/real-table-labels.tsv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: [Label]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("file\t") {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            out[String(c[0].prefix(3)), default: []].append(Label(figure: c[1], value: c[2], line: Int(c[3]) ?? 0, how: c[4]))
        }
        return out
    }()

    static func walk(_ o: Any?, _ path: String) -> Any? {
        var cur = o
        for k in path.split(separator: ".") { cur = (cur as? [String: Any])?[String(k)] }
        return cur
    }

    /// The inspect object of the report, after checking every label of it; `missing` names figures
    /// the labels give but the reader leaves null (each listed in the commit that leaves it).
    @discardableResult
    func verify(_ prefix: String, missing: Set<String> = [], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let dir = TestPaths.realReports
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix(prefix) }, file: file, line: line)
        let r = try ReportReader.read(path: dir + "/" + name)
        let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(InspectRecord(r).json().utf8)) as? [String: Any], file: file, line: line)
        let labels = try XCTUnwrap(Self.labels[prefix], "no labels for \(prefix)", file: file, line: line)
        let stats = o["statistics"], provenance = o["provenance"] as? [String: Any]
        for l in labels {
            let have = l.figure == "(none)" ? nil : Self.walk(stats, l.figure)
            if let want = Double(l.value), !missing.contains(l.figure) {
                XCTAssertEqual((have as? NSNumber)?.doubleValue, want, "\(prefix) \(l.figure)", file: file, line: line)
                if l.how != "prose" {
                    XCTAssertEqual(Self.walk(provenance?[l.figure], "line") as? Int, l.line, "\(prefix) \(l.figure) line", file: file, line: line)
                }
            } else if l.value == "absent" {
                // absent concerns table figures: the prose's are labelled in their own rows
                let tableFigures = Self.without(stats, labels.filter { $0.how == "prose" && Double($0.value) != nil }.map(\.figure))
                let sub = l.figure == "(none)" ? tableFigures : Self.walk(tableFigures, l.figure)
                XCTAssertFalse(Self.hasNumber(sub), "\(prefix) \(l.figure) is absent", file: file, line: line)
            } else {
                XCTAssertTrue(have == nil || have is NSNull, "\(prefix) \(l.figure): label \(l.value), read \(have!)", file: file, line: line)
            }
        }
        return o
    }

    /// `o` without the values at the dotted `paths`.
    static func without(_ o: Any?, _ paths: [String]) -> Any? {
        guard var d = o as? [String: Any] else { return o }
        for p in paths {
            let parts = p.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 1 { d[parts[0]] = nil } else if d[parts[0]] != nil { d[parts[0]] = without(d[parts[0]], [parts[1]]) }
        }
        return d
    }

    static func hasNumber(_ o: Any?) -> Bool {
        if let d = o as? [String: Any] { return d.values.contains(where: hasNumber) }
        return o is NSNumber
    }

    func checks(_ o: [String: Any]) -> [String] {
        ((o["checks"] as? [[String: Any]]) ?? []).map { "\($0["rule"]!) \($0["row"] ?? "")" }.sorted()
    }

    func how(_ o: [String: Any], _ figure: String) -> String? { Self.walk((o["provenance"] as? [String: Any])?[figure], "how") as? String }

    /// Every label of every labelled real report holds: a table's figure is still read where a table gave
    /// it, and every figure read from the prose is one a reader labelled, with its value and line.
    func testEveryLabelledRealReport() throws {
        XCTAssertEqual(Self.labels.count, 24)
        for prefix in Self.labels.keys.sorted() {
            let o = try verify(prefix)
            let provenance = o["provenance"] as? [String: [String: Any]] ?? [:]
            for (figure, source) in provenance where source["how"] as? String == "prose" {
                let label = Self.labels[prefix]!.first { $0.figure == figure }
                XCTAssertNotNil(label.flatMap { Double($0.value) }, "\(prefix) \(figure): a prose figure no reader labelled")
                XCTAssertEqual(source["line"] as? Int, label?.line, "\(prefix) \(figure) line")
            }
        }
    }

    func test005FirstTableVersionRunTogether() throws {
        // 本年新制作数量/本年新公开数量/对外公开总数量 and 上一年项目数量/本年增/减 columns, cells run together
        let o = try verify("005")
        let nulls = try XCTUnwrap(o["nulls"] as? [String: String])
        XCTAssertNotNil(nulls["proactive.normative_documents.made"])   // 111151 splits many ways
        XCTAssertNotNil(nulls["proactive.procurement.count"])          // 102339.45万元: count and amount ran together
        XCTAssertEqual(checks(o), [])
    }
    func test006OneLineRunTogether() throws {
        let o = try verify("006")
        XCTAssertEqual(how(o, "requests.granted.total"), "split by rule")
        // (七)总计 20000011 can only be 2|0|0|0|0|0|11: the printed row breaks its own total
        XCTAssertEqual(checks(o), ["row_total handled_total"])
    }
    func test009OneLineEmptyCellsLeaveNoTrace() throws {
        let o = try verify("009")
        let nulls = try XCTUnwrap(o["nulls"] as? [String: String])
        XCTAssertNotNil(nulls["requests.new_applications.natural_person"])   // 数量11: the 1 is in some column
        XCTAssertEqual(how(o, "requests.new_applications.total"), "split by rule")
        XCTAssertNotNil(nulls["proactive.licensing.change"])                 // 97+82179
        XCTAssertEqual(checks(o), [])
    }
    func test010ProseSettlesARun() throws {
        let o = try verify("010")
        XCTAssertEqual(how(o, "proactive.normative_documents.in_force"), "split by prose")   // 1126 = 1|1|26 by 制发1件、废止1件
    }
    func test013OneCellPerLine() throws {
        // Only the three appeals totals are printed, on a grid of empty lines: their columns come from
        // the grid the request rows show (a cell every 3 lines, a row break of 5).
        let o = try verify("013")
        XCTAssertEqual(how(o, "appeals.litigation_direct.total"), "cell")
        XCTAssertEqual(checks(o), [])
    }
    func testGroupPrintingItsOwnFiguresMustEqualItsItems() {
        // 0 | 1 | 2 for 不予公开 with one item 国家秘密 1: the group row breaks only if it is not 1
        let one: [Int?] = [1, 0, 0, 0, 0, 0, 1], two: [Int?] = [2, 0, 0, 0, 0, 0, 2]
        let ok = ConsistencyRules.brokenCount(["withheld": one, "withheld.items.state_secret": one], unknown: [:])
        let bad = ConsistencyRules.brokenCount(["withheld": two, "withheld.items.state_secret": one], unknown: [:])
        XCTAssertEqual(ok, 0)
        XCTAssertEqual(bad, 2)   // natural_person and total columns
    }
    func test019OneLineWithStraySpaces() throws { try verify("019") }
    func test021PdftotextLayout() throws {
        let o = try verify("021")
        // the printed appeals totals are 0 beside 10 and 1 upheld/corrected: reported, not revised
        XCTAssertEqual(checks(o), ["appeals_total litigation_after_reconsideration", "appeals_total reconsideration"])
    }
    func test022BrokenMarkdownRowsByOrder() throws {
        // 四、结转下年度 prints its total cell empty; the prose (转下一 / 年度办理答复的有 1 件, wrapped)
        // states 1 and the row's printed cells add up to 1, so the total is read from the prose
        let o = try verify("022")
        XCTAssertEqual(checks(o), [])
        let source = (o["provenance"] as? [String: Any])?["requests.carried_forward.total"] as? [String: Any]
        XCTAssertEqual(source?["how"] as? String, "prose")
        XCTAssertEqual(source?["line"] as? Int, 46)
    }
    func testBlankTotalStaysNullWhenTheProseDisagreesWithTheRow() throws {
        let dir = TestPaths.realReports
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("022") })
        let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
        XCTAssertTrue(text.contains("年度办理答复的有 1 件"))
        for changed in [text.replacingOccurrences(of: "年度办理答复的有 1 件", with: "年度办理答复的有 2 件"),
                        text.replacingOccurrences(of: "转下一\n年度办理答复的有 1 件", with: "办理答复完毕")] {
            let r = ReportReader.parse(text: changed, path: "/x/022.txt")
            XCTAssertNil(r.statistics?.requests?.carried_forward?.total)
            XCTAssertEqual(r.statistics?.requests?.carried_forward?.natural_person, 1)
        }
    }
    func test016PreTwentyNineteenTableSpaced() throws {
        // 指标名称 计量单位 2014年度 历年累计 …受理依申请公开信息总数 条 1 1: the year's figure is the first
        let o = try verify("016")
        XCTAssertEqual(checks(o), [])
    }
    func test017PreTwentyNineteenTableRunTogether() throws {
        // 同意公开答复数条002、同意部分…: 0 and 0, the 2 numbers the next row
        let o = try verify("017")
        let source = (o["provenance"] as? [String: Any])?["requests.granted.total"] as? [String: Any]
        XCTAssertEqual(source?["how"] as? String, "split by rule")
    }
    func testPreTwentyNineteenTableLeavesAmbiguousOrDisputedFiguresNull() {
        let head = "某某县民政局2015年政府信息公开工作年度报告\n一、概述\n全年共受理政府信息公开申请5件。\n"
            + "二、政府信息公开情况统计表\n指标名称 计量单位 2015年度 历年累计\n"
        // 1213: 1 and 213 or 12 and 13 (both cumulative ≥ year): not settled
        let ambiguous = ReportReader.parse(text: head + "受理依申请公开信息总数条1213其中：1、当面申请数条00\n行政复议数 件 2 7\n", path: "/x/a.txt")
        XCTAssertNil(ambiguous.statistics?.requests?.new_applications?.total)
        XCTAssertEqual(ambiguous.statistics?.nulls["requests.new_applications.total"]?.contains("split 2 ways"), true)
        XCTAssertEqual(ambiguous.statistics?.appeals?.reconsideration?.total, 2)
        // the table says 4, the prose 5: neither is taken
        let disputed = ReportReader.parse(text: head + "受理依申请公开信息总数 条 4 9\n", path: "/x/d.txt")
        XCTAssertNil(disputed.statistics?.requests?.new_applications?.total)
        XCTAssertEqual(disputed.statistics?.nulls["requests.new_applications.total"]?.contains("the prose 5"), true)
        // agreeing: taken from the table's cell
        let agreed = ReportReader.parse(text: head + "受理依申请公开信息总数 条 5 9\n", path: "/x/g.txt")
        XCTAssertEqual(agreed.statistics?.requests?.new_applications?.total, 5)
        XCTAssertEqual(agreed.statistics?.sources["requests.new_applications.total"]?.how, "cell")
    }
    func test023MarkdownPlaceholderColumns() throws {
        let o = try verify("023")
        XCTAssertEqual(checks(o), [])
    }
}

/// The year's applications from the prose of a report without a requests table: only where every
/// statement agrees, null with each statement in the reason where they differ.
final class ProseFigureTests: XCTestCase {
    func read(_ body: String) -> Report {
        ReportReader.parse(text: "某某县民政局2017年政府信息公开工作年度报告\n一、概述\n今年开设窗口26个，共受理申请121510件。\n二、依申请公开情况\n" + body + "\n三、存在的主要问题\n无。\n", path: "/x/p.txt")
    }
    func applications(_ r: Report) -> Int? { r.statistics?.requests?.new_applications?.total }
    func reason(_ r: Report) -> String? { r.statistics?.nulls["requests.new_applications.total"] }

    func testPre2019ProseGivesNewApplications() throws {
        let r = read("全年共受理政府信息公开申请12件，其中予以公开10件。")
        XCTAssertEqual(applications(r), 12)
        XCTAssertNil(r.statistics?.requests?.new_applications?.natural_person)
        XCTAssertEqual(r.statistics?.sources["requests.new_applications.total"], FigureSource(line: 5, how: "prose"))
    }
    func testTheFigureBeforeTheApplication() {
        let r = read("2018年，某某县民政局收到4份以信函形式提出的信息公开申请，已按时答复办结。")
        XCTAssertEqual(applications(r), 4)
        XCTAssertEqual(r.statistics?.sources["requests.new_applications.total"], FigureSource(line: 5, how: "prose"))
        XCTAssertNil(applications(read("收到4份群众来信，均已答复。")))          // no application named
        XCTAssertNil(applications(read("收到3件行政复议申请，涉及信息公开。")))   // an appeal
    }
    func testOneChannelsCountStandsOnlyAlone() {
        // Fixtures/002 says 信函申请73件 and 依申请公开事项81项, and its table 81: a channel's count is not the year's
        let both = read("2020年，我街共受理依申请公开政府信息的信函申请73件，处理依申请公开事项81项，均在规定的时间内予以答复。")
        XCTAssertNil(applications(both))
        XCTAssertEqual(reason(both), "the prose states different figures: 73 (line 5), 81 (line 5)")
        let online = read("本年度收到网上申请5件，信函申请2件。")
        XCTAssertNil(applications(online))
        // alone, it is the count the report gives (007, 008)
        XCTAssertEqual(applications(read("2016年，某某县民政局收到2份以信函形式提出的信息公开申请，已按时答复办结。网上办理行政许可事项244项。")), 2)
    }
    func testNoApplicationsIsZero() {
        for said in ["2017年，我局未收到政府信息公开申请。", "本年度未受理依申请信息公开事项。", "2017年全县未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。",
                     "本年度没有收到政府信息公开申请"] {
            let r = read(said)
            XCTAssertEqual(applications(r), 0, said)
            XCTAssertEqual(r.statistics?.sources["requests.new_applications.total"]?.how, "prose", said)
        }
    }
    func testNoneOfOneKindIsNotNone() {
        // a qualifier makes it a statement about some of the applications, and appeals are no applications
        XCTAssertNil(read("未收到以信函形式提出的政府信息公开申请。").statistics?.requests)
        XCTAssertNil(read("未收到政府信息公开行政复议申请。").statistics?.requests)
    }
    func testDisagreeingProseGivesNullWithBothStatements() throws {
        let r = read("全年共受理政府信息公开申请12件，较上年收到的申请9件有所增加。")
        XCTAssertNil(applications(r))
        XCTAssertEqual(reason(r), "the prose states different figures: 12 (line 5), 9 (line 5)")
        let none = read("未收到政府信息公开申请。\n另受理依申请公开事项2件。")
        XCTAssertNil(applications(none))
        XCTAssertEqual(reason(none), "the prose states different figures: 0 (line 5), 2 (line 6)")
    }
    func testOtherApplicationsAreNotDisclosureRequests() {
        XCTAssertNil(read("无。").statistics?.requests)   // 共受理申请121510件 is in the overview, not a disclosure request
        XCTAssertNil(read("收到政府信息公开行政复议申请2件。").statistics?.requests)   // an appeal about disclosure
    }
    func testPlan2019WithoutItsTableGivesTheProseFigure() {
        // the table an image on the page, its section empty: the overview's statement stands in
        let r = ReportReader.parse(text: "某某县民政局2020年政府信息公开工作年度报告\n一、总体情况\n全年共受理政府信息公开申请78件。\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n", path: "/x/q.txt")
        XCTAssertEqual(applications(r), 78)
        XCTAssertEqual(r.statistics?.sources["requests.new_applications.total"], FigureSource(line: 3, how: "prose"))
    }
    func testAnUnreadTableIsNotReplacedByTheProse() throws {
        // 019 through pdftotext: the table's header (申请人情况, 商业企业) printed; its prose says
        // 收到…申请75件 (the carried-over one included), the table 74. The hard wrap in 本年新 / 收 is
        // joined again (74 from the table); with an empty line after 本年新 the wrap is no wrap, the
        // table's first row is not found, and the prose does not stand in
        for rendering in ["pdftotext-layout", "pdftotext-raw"] {
            let text = try String(contentsOfFile: TestPaths.realReports + "/renderings/\(rendering)/019_50f098d11f23.txt", encoding: .utf8)
            XCTAssertEqual(applications(ReportReader.parse(text: text, path: "/x/019.txt")), 74, rendering)
            XCTAssertTrue(text.contains("本年新\n"), rendering)   // the page's form feed opens the next line
            let r = ReportReader.parse(text: text.replacingOccurrences(of: "本年新\n", with: "本年新\n\n"), path: "/x/019.txt")
            XCTAssertNil(applications(r), rendering)
            XCTAssertEqual(reason(r)?.hasPrefix("the requests table is printed but its rows are not read; the prose states 75 (line"), true, rendering)
        }
    }
    func testATableFigureIsNotReplacedByTheProse() throws {
        // 019 prints 本年新收 74 and says 收到…申请75件 (the carried-over one included): the table's figure stands
        let dir = TestPaths.realReports
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("019") })
        let r = try ReportReader.read(path: dir + "/" + name)
        XCTAssertEqual(applications(r), 74)
        XCTAssertEqual(r.statistics?.sources["requests.new_applications.total"]?.how, "split by rule")
    }
}
