@testable import GovSearchCore
@testable import Reports
import XCTest

/// The query language of the README's table, one construct at a time, as
/// parsed trees; then precedence, and every error with its position.
/// Expected trees are written from the README, not from the parser's output.
final class QueryParserTests: XCTestCase {
    func parse(_ q: String, file: StaticString = #filePath, line: UInt = #line) -> QueryNode? {
        do { return try QueryParser.parse(q) } catch {
            XCTFail("\(q): \(error)", file: file, line: line)
            return nil
        }
    }

    func text(_ s: String) -> QueryNode { .text(s) }

    // MARK: words and operators

    func testAWordIsATextLeaf() {
        XCTAssertEqual(parse("复议"), text("复议"))
    }

    func testImplicitAndAndWrittenAnd() {
        let both: QueryNode = .and([text("行政复议"), text("保密审查")])
        XCTAssertEqual(parse("行政复议 保密审查"), both)
        XCTAssertEqual(parse("行政复议 AND 保密审查"), both)
        XCTAssertEqual(parse("  行政复议   保密审查  "), both, "runs of white space separate like one")
    }

    func testOr() {
        XCTAssertEqual(parse("复议 OR 诉讼"), .or([text("复议"), text("诉讼")]))
        XCTAssertEqual(parse("复议 OR 诉讼 OR 公开"), .or([text("复议"), text("诉讼"), text("公开")]))
    }

    func testMinusAndNotMeanWithout() {
        let without: QueryNode = .and([text("复议"), .not(text("诉讼"))])
        XCTAssertEqual(parse("复议 -诉讼"), without)
        XCTAssertEqual(parse("复议 NOT 诉讼"), without)
        XCTAssertEqual(parse("-诉讼"), .not(text("诉讼")))
    }

    func testAHyphenInsideAWordIsNoOperator() {
        // `-x` negates only at the start of a word.
        XCTAssertEqual(parse("复议-诉讼"), text("复议-诉讼"))
        XCTAssertEqual(parse("COVID-19"), text("COVID-19"))
    }

    func testParenthesesGroup() {
        XCTAssertEqual(parse("(复议 OR 诉讼) 保密审查"), .and([.or([text("复议"), text("诉讼")]), text("保密审查")]))
        XCTAssertEqual(parse("((复议))"), text("复议"))
        XCTAssertEqual(parse("保密审查 -(复议 OR 诉讼)"), .and([text("保密审查"), .not(.or([text("复议"), text("诉讼")]))]))
    }

    // MARK: precedence

    func testOrBindsLooserThanAnd() {
        // The README groups an OR with parentheses before ANDing it: AND binds tighter.
        XCTAssertEqual(parse("复议 诉讼 OR 公开"), .or([.and([text("复议"), text("诉讼")]), text("公开")]))
        XCTAssertEqual(parse("复议 OR 诉讼 公开"), .or([text("复议"), .and([text("诉讼"), text("公开")])]))
        XCTAssertEqual(parse("复议 AND 诉讼 OR 公开 AND 申请"),
                       .or([.and([text("复议"), text("诉讼")]), .and([text("公开"), text("申请")])]))
    }

    func testNotBindsTighterThanAndAndOr() {
        XCTAssertEqual(parse("NOT 复议 OR 诉讼"), .or([.not(text("复议")), text("诉讼")]))
        XCTAssertEqual(parse("复议 -诉讼 OR 公开"), .or([.and([text("复议"), .not(text("诉讼"))]), text("公开")]))
        XCTAssertEqual(parse("NOT NOT 复议"), .not(.not(text("复议"))))
    }

    // MARK: phrases

    func testThreeQuoteStyles() {
        for q in ["\"政务公开 工作要点\"", "“政务公开 工作要点”", "「政务公开 工作要点」"] {
            XCTAssertEqual(parse(q), text("政务公开 工作要点"), q)
        }
        // A phrase keeps operators and parentheses as text.
        XCTAssertEqual(parse("\"复议 OR (诉讼)\""), text("复议 OR (诉讼)"))
        XCTAssertEqual(parse("「复议」 “诉讼” 公开"), .and([text("复议"), text("诉讼"), text("公开")]))
    }

    // MARK: fields

    func filter(_ q: String, file: StaticString = #filePath, line: UInt = #line) -> QueryFilter? {
        guard case let .filter(f)? = parse(q, file: file, line: line) else {
            XCTFail("\(q) is not one filter", file: file, line: line)
            return nil
        }
        return f
    }

    func years(_ q: String, file: StaticString = #filePath, line: UInt = #line) -> ClosedRange<Int>? {
        guard case let .year(r)? = filter(q, file: file, line: line) else {
            XCTFail("\(q) is not a year filter", file: file, line: line)
            return nil
        }
        return r
    }

    func testYears() throws {
        XCTAssertEqual(years("year:2020"), 2020...2020)
        XCTAssertEqual(years("year:2018..2021"), 2018...2021)
        // Open ends: from 2020 on, before 2019.
        let from = try XCTUnwrap(years("year:>=2020"))
        XCTAssertEqual(from.lowerBound, 2020)
        XCTAssertGreaterThanOrEqual(from.upperBound, 2100)
        let before = try XCTUnwrap(years("year:<2019"))
        XCTAssertEqual(before.upperBound, 2018)
        XCTAssertLessThanOrEqual(before.lowerBound, 1990)
        XCTAssertEqual(years("year:>2020")?.lowerBound, 2021)
        XCTAssertEqual(years("year:<=2019")?.upperBound, 2019)
        XCTAssertEqual(years("year:..2018")?.upperBound, 2018)
        XCTAssertEqual(years("year:2015..")?.lowerBound, 2015)
    }

    func testAgencyRegionLevelFormat() {
        XCTAssertEqual(filter("agency:东丽区"), .agency("东丽区"))
        XCTAssertEqual(filter("region:温州"), .region("温州"))
        XCTAssertEqual(filter("level:county"), .level("county"))
        XCTAssertEqual(filter("format:pre2019"), .format("pre2019"))
        XCTAssertEqual(filter("format:post2019"), .format("standard2019"), "MANIFEST.tsv's name for the 2019 plan")
        XCTAssertEqual(filter("level:County"), .level("county"))
        for (name, level) in [("省", "province"), ("市", "city"), ("区", "county"), ("县", "county"), ("街道", "township"), ("乡镇", "township")] {
            XCTAssertEqual(filter("level:\(name)"), .level(level), name)
        }
    }

    func testSectionKeys() {
        for key in ["preamble", "overview", "proactive", "requests", "appeals", "problems", "other", "fees"] {
            XCTAssertEqual(filter("section:\(key)"), .section(SectionKey(rawValue: key)!), key)
        }
    }

    func testSectionNumbersFollowTheStandardOrder() {
        // The 2019 plan: 一 总体情况, 二 主动公开, 三 收到和处理申请, 四 复议诉讼, 五 存在问题, 六 其他.
        let order: [SectionKey] = [.overview, .proactive, .requests, .appeals, .problems, .other]
        for (i, key) in order.enumerated() {
            XCTAssertEqual(filter("section:\(i + 1)"), .section(key), "section:\(i + 1)")
        }
    }

    func testSectionHeadingNamesAndShortForms() {
        let names: [(String, SectionKey)] = [
            ("总体情况", .overview),
            ("主动公开政府信息情况", .proactive), ("主动公开", .proactive),
            ("收到和处理政府信息公开申请情况", .requests), ("依申请公开", .requests),
            ("政府信息公开行政复议、行政诉讼情况", .appeals), ("复议诉讼", .appeals),
            ("存在的主要问题及改进情况", .problems), ("存在问题", .problems),
            ("其他需要报告的事项", .other),
        ]
        for (name, key) in names {
            XCTAssertEqual(filter("section:\(name)"), .section(key), name)
        }
    }

    func testFiltersCombineWithWords() {
        XCTAssertEqual(parse("依申请公开 year:2020"), .and([text("依申请公开"), .filter(.year(2020...2020))]))
        XCTAssertEqual(parse("year:2020 agency:东丽区"), .and([.filter(.year(2020...2020)), .filter(.agency("东丽区"))]))
        XCTAssertEqual(parse("section:requests 复议 OR 诉讼"),
                       .or([.and([.filter(.section(.requests)), text("复议")]), text("诉讼")]))
    }

    // MARK: full-width syntax and mixed runs

    func testFullWidthSyntaxWorksLikeHalfWidth() {
        XCTAssertEqual(parse("year：2020"), parse("year:2020"))
        XCTAssertEqual(parse("year：2020"), .filter(.year(2020...2020)))
        XCTAssertEqual(parse("（复议）"), text("复议"))
        XCTAssertEqual(parse("复议\u{3000}诉讼"), .and([text("复议"), text("诉讼")]))
        XCTAssertEqual(parse("（复议 OR 诉讼）\u{3000}year：2019"), parse("(复议 OR 诉讼) year:2019"))
        XCTAssertEqual(parse("（复议\u{3000}OR\u{3000}诉讼）保密审查"), .and([.or([text("复议"), text("诉讼")]), text("保密审查")]))
        // Full-width letters and digits in field names and values (a Chinese input method's default).
        XCTAssertEqual(parse("ｙｅａｒ：２０２０"), .filter(.year(2020...2020)))
        XCTAssertEqual(parse("year：２０２０"), .filter(.year(2020...2020)))
        XCTAssertEqual(parse("ｙｅａｒ：２０１８．．２０２０"), .filter(.year(2018...2020)))
        XCTAssertEqual(parse("ＬＥＶＥＬ：ｃｏｕｎｔｙ"), .filter(.level("county")))
        XCTAssertEqual(parse("ｆｏｒｍａｔ：ｐｒｅ２０１９"), .filter(.format("pre2019")))
        XCTAssertEqual(parse("ｓｅｃｔｉｏｎ：３"), .filter(.section(.requests)))
        XCTAssertEqual(parse("复议 ＯＲ 诉讼"), .or([text("复议"), text("诉讼")]))
        XCTAssertEqual(parse("复议 －诉讼"), .and([text("复议"), .not(text("诉讼"))]))
        // The full-width quote still opens and closes a phrase.
        XCTAssertEqual(parse("＂依申请 公开＂"), text("依申请 公开"))
    }

    func testMixedLatinAndDigitRunsAreOneWord() {
        XCTAssertEqual(parse("12345热线"), text("12345热线"))
        XCTAssertEqual(parse("COVID"), text("COVID"))
        XCTAssertEqual(parse("第3季度 COVID"), .and([text("第3季度"), text("COVID")]))
    }

    func testEmptyQueryParsesToNothing() {
        XCTAssertNil(parse(""))
        XCTAssertNil(parse("  \u{3000} "))
    }

    // MARK: errors

    static let unknownSection = "(use preamble, overview, proactive, requests, appeals, problems, other, fees, 1–6 or a heading name)"

    /// Each error: the query, the message, and the 0-based character it points at.
    static let errors: [(query: String, message: String, at: Int)] = [
        ("\"依申请公开", "unbalanced quote \"", 0),
        ("复议 “诉讼", "unbalanced quote “", 3),
        ("复议 诉讼「公开", "unbalanced quote 「", 5),
        ("(复议", "unbalanced '('", 0),
        ("保密 (复议 OR 诉讼", "unbalanced '('", 3),
        ("复议)", "unbalanced ')'", 2),
        ("（复议", "unbalanced '('", 0),
        ("复议 诉讼）", "unbalanced ')'", 5),
        ("()", "empty parentheses", 0),
        ("colour:red 复议", "unknown field 'colour' (known: year, agency, region, section, level, format)", 0),
        ("复议 section:nowhere", "unknown section 'nowhere' " + unknownSection, 3),
        ("section:7", "unknown section '7' " + unknownSection, 0),
        ("level:provnce", "unknown level 'provnce' (known: province, city, county, township)", 0),
        ("复议 format:pre-2019", "unknown format 'pre-2019' (known: standard2019, pre2019)", 3),
        ("ｙｅａｒｓ：２０２０", "unknown field 'years' (known: year, agency, region, section, level, format)", 0),
        ("ｙｅａｒ：２０ｘ", "bad year '20x' (expected a four-digit year)", 0),
        ("year:2021..2019", "bad year range '2021..2019' (start after end)", 0),
        ("复议 year:20x", "bad year '20x' (expected a four-digit year)", 3),
        ("year:20201", "bad year '20201' (expected a four-digit year)", 0),
        ("year:>=abcd", "bad year 'abcd' (expected a four-digit year)", 0),
        ("year:", "field 'year' needs a value", 0),
        ("复议 OR", "OR needs something after it", 3),
        ("复议 OR OR 诉讼", "OR needs something after it", 3),
        ("OR 复议", "empty expression", 0),
        ("复议 NOT", "NOT needs something after it", 3),
        ("AND 复议", "AND needs something on both sides", 0),
        ("复议 AND", "AND needs something on both sides", 3),
    ]

    func testErrorsNameTheirCauseAndCharacter() {
        for e in Self.errors {
            XCTAssertThrowsError(try QueryParser.parse(e.query), e.query) { error in
                XCTAssertEqual(error as? GovSearchError, .badQuery(query: e.query, message: e.message, position: e.at), e.query)
                // The one line users see counts characters from 1.
                XCTAssertEqual("\(error)", "bad query \"\(e.query)\": \(e.message) at character \(e.at + 1)")
            }
        }
    }

    func testTheREADMEErrorLine() {
        XCTAssertThrowsError(try QueryParser.parse("\"依申请公开")) { e in
            XCTAssertEqual("\(e)", "bad query \"\"依申请公开\": unbalanced quote \" at character 1")
        }
    }
}
