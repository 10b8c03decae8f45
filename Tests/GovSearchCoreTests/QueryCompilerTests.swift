import Foundation
@testable import GovSearchCore
@testable import Reports
import TestSupport
@testable import XapianKit
import XCTest

/// What a parsed query becomes: Xapian's own description of the compiled
/// query, the text patterns (term slots at relative positions), and the
/// bookkeeping the searcher reads. Expectations follow the README: a text
/// term stands once under its section's one-letter prefix (A preamble …
/// H fees, none outside every section), so an unfielded word is any of its
/// nine forms (`collapsed` shows them as one); filters are `Y` year, `XA`
/// agency, `XR` region, `XS` section, `XL` level, `XF` format, and a Chinese
/// string is its bigrams at consecutive positions.
final class QueryCompilerTests: XCTestCase {
    nonisolated(unsafe) static var dir = ""
    nonisolated(unsafe) static var db: Database!

    /// An index holding only the filter terms the compiler lists (no text is needed to compile).
    override class func setUp() {
        super.setUp()
        dir = TempDir.perProcess("compiler")
        do {
            let w = try Database(writableAt: dir)
            let docs: [(String, [String])] = [
                ("a", ["Y2017", "XA东丽区政务服务办", "XR东丽区", "XLcounty", "XFstandard2019"]),
                ("b", ["Y2018", "XA东丽区财政局", "XR东丽区"]),
                ("c", ["Y2020", "XA温州市洞头区人民政府", "XR温州市洞头区", "XFpre2019"]),
                ("d", ["Y2021", "Y2022"]),
            ]
            for (id, terms) in docs {
                let doc = try Document()
                for t in terms { try doc.addBooleanTerm(t) }
                try doc.addBooleanTerm("Q" + id)
                _ = try w.replaceDocument(uniqueTerm: "Q" + id, doc)
            }
            // The text terms the tests ask for, in every section's form: the compiler leaves out the
            // forms the index lacks.
            let text = try Document()
            for word in ["复议", "诉讼", "公开", "政务", "保密", "开信", "信息", "议|"] {
                for prefix in ["", "A", "B", "C", "D", "E", "F", "G", "H"] { try text.addPosting(prefix + word, position: 1) }
            }
            try text.addBooleanTerm("Qtext")
            _ = try w.replaceDocument(uniqueTerm: "Qtext", text)
            try w.commit()
            try w.close()
            db = try Database(path: dir)
        } catch {
            XCTFail("cannot build the filter index: \(error)")
        }
    }

    override class func tearDown() {
        db = nil
        try? FileManager.default.removeItem(atPath: dir)
        super.tearDown()
    }

    func compiled(_ q: String, file: StaticString = #filePath, line: UInt = #line) throws -> CompiledQuery {
        try QueryCompiler.compile(q, db: XCTUnwrap(Self.db, file: file, line: line))
    }

    func xapian(_ q: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        Self.collapsed(try compiled(q, file: file, line: line).xapian.description)
    }

    /// Xapian's description with each slot's nine forms (plain, then prefixes A … H) written once.
    static func collapsed(_ description: String) -> String {
        var s = description
        for op in ["SYNONYM", "OR"] {
            let rest = "ABCDEFGH".map { " \(op) \($0)\\1" }.joined()
            let wildRest = "ABCDEFGH".map { " \(op) WILDCARD SYNONYM \($0)\\1" }.joined()
            for (pattern, template) in [("\\(([^ ()]+)" + rest + "\\)", "$1"),
                                        ("\\(WILDCARD SYNONYM ([^ ()]+)" + wildRest + "\\)", "WILDCARD SYNONYM $1")] {
                let re = try! NSRegularExpression(pattern: pattern)
                s = re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
            }
        }
        return s
    }

    /// A pattern's query over plain terms only (the shape every form shares).
    func plain(_ q: String) throws -> String {
        let p = try XCTUnwrap(TextPattern(q))
        return try p.anywhere(p.perPrefix([[]]), prefixes: [[]], present: nil).description
    }

    // MARK: text

    /// A Chinese string is its bigrams as a phrase, one character a prefix
    /// search; white space between Chinese characters is ignored; Latin
    /// letters are folded to lower-case half-width.
    static let words: [(query: String, xapian: String)] = [
        ("复议", "Query(复议)"),
        ("行政复议", "Query((行政 PHRASE 3 政复 PHRASE 3 复议))"),
        ("政府信息公开", "Query((政府 PHRASE 5 府信 PHRASE 5 信息 PHRASE 5 息公 PHRASE 5 公开))"),
        ("复", "Query(WILDCARD SYNONYM 复)"),
        ("政务公开工作要点", phrase8),
        ("\"政务公开 工作要点\"", phrase8),
        ("“政务公开 工作要点”", phrase8),
        ("「政务公开 工作要点」", phrase8),
        ("\"政务公开\u{3000}工作要点\"", phrase8),
        ("COVID", "Query(covid)"),
        ("ＣＯＶＩＤ", "Query(covid)"),
        ("Covid", "Query(covid)"),
    ]
    static let phrase8 = "Query((政务 PHRASE 7 务公 PHRASE 7 公开 PHRASE 7 开工 PHRASE 7 工作 PHRASE 7 作要 PHRASE 7 要点))"

    func testWordsAndPhrases() throws {
        for w in Self.words {
            XCTAssertEqual(try plain(w.query), w.xapian, w.query)
        }
        XCTAssertEqual(try xapian("复议"), "Query(复议)")
        XCTAssertEqual(try xapian("复"), "Query(WILDCARD SYNONYM 复)")
    }

    /// Unfielded, a word is a synonym of its nine forms; a phrase is one phrase whose slots take the
    /// forms of the sections holding all its terms (the indexer keeps each run of touching terms in
    /// one section, so terms at consecutive positions share their section: this is exactly one
    /// phrase per section ORed).
    func testAnUnfieldedPhraseIsOnePhraseOverTheSectionsForms() throws {
        XCTAssertEqual(try compiled("复议").xapian.description,
                       "Query((复议 SYNONYM A复议 SYNONYM B复议 SYNONYM C复议 SYNONYM D复议 SYNONYM E复议 SYNONYM F复议 SYNONYM G复议 SYNONYM H复议))")
        let phrase = try compiled("政务").xapian.description
        XCTAssertEqual(phrase, "Query((政务 SYNONYM A政务 SYNONYM B政务 SYNONYM C政务 SYNONYM D政务 SYNONYM E政务 SYNONYM F政务 SYNONYM G政务 SYNONYM H政务))")
        let two = try compiled("section:1 section:2 公开信息").xapian.description
        XCTAssertEqual(two, "Query((0 * XSoverview AND 0 * XSproactive AND ((B公开 OR C公开) PHRASE 3 (B开信 OR C开信) PHRASE 3 (B信息 OR C信息))))")
    }

    func testMixedRunsTakeConsecutivePositions() throws {
        XCTAssertEqual(try plain("12345热线"), "Query((12345 PHRASE 2 热线))")
        let p = try XCTUnwrap(TextPattern("12345热线"))
        XCTAssertEqual(p.slots.map { $0.slot }, [.term(Array("12345".utf8)), .term(Array("热线".utf8))])
        XCTAssertEqual(p.slots.map { $0.offset }, [0, 1])
    }

    func testACharacterBesideDigitsIsAPhrase() throws {
        // 第 (a one-character run) takes one position, 3 the next, 季度 the next: in a report 第 ends
        // its run there or is a run of its own, and the index holds it at its position either way.
        let p = try XCTUnwrap(TextPattern("第3季度"))
        XCTAssertEqual(p.slots.map { $0.slot }, [.term(Array("第".utf8)), .term(Array("3".utf8)), .term(Array("季度".utf8))])
        XCTAssertEqual(p.slots.map { $0.offset }, [0, 1, 2])
        XCTAssertEqual(try plain("第3季度"), "Query((第 PHRASE 3 3 PHRASE 3 季度))")
        XCTAssertEqual(try xapian("第3季度"), "Query()", "no report here holds 第 or 3")
        // A run end before digits: 热线 at 0, its end 线 at 1 (kept at its position), 12345 at 2.
        let q = try XCTUnwrap(TextPattern("热线12345"))
        XCTAssertEqual(q.slots.map { $0.slot }, [.term(Array("热线".utf8)), .term(Array("线".utf8)), .term(Array("12345".utf8))])
        XCTAssertEqual(q.slots.map { $0.offset }, [0, 1, 2])
        XCTAssertEqual(try plain("热线12345"), "Query((热线 PHRASE 3 线 PHRASE 3 12345))")
        // Between two words a character is a run of its own.
        XCTAssertEqual(try plain("1第2"), "Query((1 PHRASE 3 第 PHRASE 3 2))")
    }

    /// Punctuation between two pieces is a gap term at its position: the character before it and
    /// `|` (`|` alone after a word). The run end before it is a hole only a run end can fill.
    func testPunctuationInsideAPhraseIsAGapTerm() throws {
        // 复议 at 0, its run end 议 at 1 (a hole), the comma's gap term 议| at 2, 诉讼 at 3.
        let p = try XCTUnwrap(TextPattern("复议，诉讼"))
        XCTAssertEqual(p.slots.map { $0.slot }, [.term(Array("复议".utf8)), .term(Array("议|".utf8)), .term(Array("诉讼".utf8))])
        XCTAssertEqual(p.slots.map { $0.offset }, [0, 2, 3])
        XCTAssertTrue(p.crossesGaps)
        XCTAssertEqual(try plain("复议，诉讼"), "Query((复议 PHRASE 4 议| PHRASE 4 诉讼))")
        XCTAssertEqual(try plain("复议、。 诉讼"), "Query((复议 PHRASE 4 议| PHRASE 4 诉讼))", "any stretch of punctuation is one gap")
        // It may straddle two sections: each slot takes every form the index has.
        XCTAssertEqual(try xapian("复议，诉讼"), "Query((复议 PHRASE 4 议| PHRASE 4 诉讼))")
        XCTAssertEqual(try plain("2020，复议"), "Query((2020 PHRASE 3 | PHRASE 3 复议))")
    }

    /// A lone character before punctuation: first in the string it may end a longer run, and the
    /// gap term after it says so; after a gap or a word it is a run of its own, at its position.
    func testACharacterBeforePunctuationIsInItsGapTerm() throws {
        XCTAssertEqual(try plain("第，3"), "Query((第| PHRASE 2 3))")
        XCTAssertEqual(try plain("况。二、复议"), "Query((况| PHRASE 4 二 PHRASE 4 二| PHRASE 4 复议))")
        XCTAssertEqual(try plain("2020年，复议"), "Query((2020 PHRASE 4 年 PHRASE 4 年| PHRASE 4 复议))")
        // Last, after a gap, it starts its run: the index's terms starting with it fill the slot.
        let p = try XCTUnwrap(TextPattern("复议，诉"))
        XCTAssertEqual(p.slots.map { $0.slot }, [.term(Array("复议".utf8)), .term(Array("议|".utf8)), .character(Array("诉".utf8))])
        XCTAssertEqual(try xapian("复议，诉"), "Query((复议 PHRASE 4 议| PHRASE 4 诉讼))")
    }

    func testAStringWithoutSearchableCharactersIsAnError() throws {
        XCTAssertThrowsError(try compiled("，。")) { e in
            XCTAssertEqual(e as? GovSearchError, .badQuery(query: "，。", message: "'，。' has no searchable characters", position: nil))
        }
    }

    // MARK: operators

    func testBooleanStructure() throws {
        XCTAssertEqual(try xapian("复议 诉讼"), "Query((复议 AND 诉讼))")
        XCTAssertEqual(try xapian("复议 AND 诉讼"), "Query((复议 AND 诉讼))")
        XCTAssertEqual(try xapian("复议 OR 诉讼"), "Query((复议 OR 诉讼))")
        XCTAssertEqual(try xapian("复议 -诉讼"), "Query((复议 AND_NOT 诉讼))")
        XCTAssertEqual(try xapian("复议 NOT 诉讼"), "Query((复议 AND_NOT 诉讼))")
        XCTAssertEqual(try xapian("复议 -诉讼 -公开"), "Query((复议 AND_NOT (诉讼 OR 公开)))")
        XCTAssertEqual(try xapian("-诉讼"), "Query((<alldocuments> AND_NOT 诉讼))")
        XCTAssertEqual(try xapian("(复议 OR 诉讼) 保密"), "Query(((复议 OR 诉讼) AND 保密))")
        XCTAssertEqual(try xapian("复议 诉讼 OR 公开"), "Query(((复议 AND 诉讼) OR 公开))")
    }

    func testLeavesUnderANotDoNotCountAsPositive() throws {
        let c = try compiled("复议 -诉讼 OR 公开")
        XCTAssertEqual(c.patterns.map { String(String.UnicodeScalarView($0.normalized)) }, ["复议", "诉讼", "公开"])
        XCTAssertEqual(c.positive, [0, 2])
        XCTAssertTrue(c.hasText)
        XCTAssertEqual(try compiled("-(复议 -诉讼)").positive, [1], "a double negation is positive again")
    }

    // MARK: filters

    /// Filters are boolean terms without weight (`0 *`); years, agencies and
    /// regions list the values the index holds.
    static let filters: [(query: String, xapian: String)] = [
        ("year:2020", "Query(0 * Y2020)"),
        ("year：2020", "Query(0 * Y2020)"),
        ("year:2018..2021", "Query(0 * (Y2018 OR Y2020 OR Y2021))"),
        ("year:>=2020", "Query(0 * (Y2020 OR Y2021 OR Y2022))"),
        ("year:<2019", "Query(0 * (Y2017 OR Y2018))"),
        ("year:2019", "Query()"),  // a year no report has matches nothing
        ("复议 year:2020", "Query((复议 AND 0 * Y2020))"),
        ("agency:东丽区", "Query(0 * (XA东丽区政务服务办 OR XA东丽区财政局))"),
        ("agency:财政局", "Query(0 * XA东丽区财政局)"),
        ("agency:教育局", "Query()"),
        ("region:温州", "Query(0 * XR温州市洞头区)"),
        ("level:county", "Query(0 * XLcounty)"),
        ("format:pre2019", "Query(0 * XFpre2019)"),
        ("section:requests", "Query(0 * XSrequests)"),
        ("section:3", "Query(0 * XSrequests)"),
        ("section:依申请公开", "Query(0 * XSrequests)"),
        ("section:复议诉讼", "Query(0 * XSappeals)"),
    ]

    func testFiltersAreUnweightedBooleanTerms() throws {
        for f in Self.filters {
            XCTAssertEqual(try xapian(f.query), f.xapian, f.query)
        }
        XCTAssertFalse(try compiled("year:2020").hasText)
    }

    /// A query naming a section means its text stands there: the text takes that section's prefix.
    func testASectionFilterPutsTheTextInItsSection() throws {
        let c = try compiled("section:requests 复议")
        XCTAssertEqual(c.xapian.description, "Query((0 * XSrequests AND D复议))")
        XCTAssertEqual(c.sections, [.requests])
        XCTAssertEqual(Array(c.inSection.keys), [.requests])
        XCTAssertEqual(try compiled("section:1 section:主动公开 复议").sections, [.overview, .proactive])
        XCTAssertEqual(try compiled("section:1 section:主动公开 复议").xapian.description,
                       "Query((0 * XSoverview AND 0 * XSproactive AND (B复议 SYNONYM C复议)))")
        // Unfielded: any of the nine forms, and the section facet asks each section's form.
        let any = try compiled("复议 year:2020")
        XCTAssertEqual(any.inSection.count, SectionKey.allCases.count)
        XCTAssertEqual(any.inSection[.appeals]?.description, "Query(E复议)")
        XCTAssertEqual(try compiled("year:2020").inSection[.fees]?.description, "Query(XSfees)", "no text: the report has the section")
    }

    /// NOT under a section: the leaf inside that section, so Xapian excludes exactly.
    func testNegatedLeavesUnderASectionStayInXapian() throws {
        XCTAssertEqual(try compiled("section:overview -复议").xapian.description, "Query((0 * XSoverview AND_NOT B复议))")
        XCTAssertTrue(try xapian("复议 -诉讼").contains("诉讼"))
        XCTAssertEqual(try compiled("-(section:overview -复议)").xapian.description,
                       "Query((<alldocuments> AND_NOT (0 * XSoverview AND_NOT B复议)))")
    }

    func testEmptyQueryIsAnError() throws {
        for q in ["", "   ", "\u{3000}"] {
            XCTAssertThrowsError(try compiled(q)) { e in
                XCTAssertEqual(e as? GovSearchError, .badQuery(query: q, message: "empty query", position: nil))
                XCTAssertEqual("\(e)", "bad query \"\(q)\": empty query")
            }
        }
    }

    func testParserErrorsPassThrough() throws {
        XCTAssertThrowsError(try compiled("\"依申请公开")) { e in
            XCTAssertEqual("\(e)", "bad query \"\"依申请公开\": unbalanced quote \" at character 1")
        }
    }
}
