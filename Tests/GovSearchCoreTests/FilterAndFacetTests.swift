import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// Filters and facet counts against truth.jsonl, the fixture table of the
/// foundation issue, and a naive section split of the synthetic reports.
final class FilterAndFacetTests: XCTestCase {
    /// Year of each fixture (foundation issue table); derived fixtures are named `…_from_00N…`.
    static let fixtureYears = ["000": 2019, "001": 2020, "002": 2020, "003": 2019, "004": 2019]

    func year(of path: String, _ corpus: TestCorpus) -> Int? {
        if let t = corpus.truth[path] { return t["year"] as? Int }
        let name = (path as NSString).lastPathComponent
        if let r = name.range(of: "_from_") { return Self.fixtureYears[String(name[r.upperBound...].prefix(3))] }
        return Self.fixtureYears[String(name.prefix(3))]
    }

    func testYearFilterAndRanges() throws {
        let corpus = try TestCorpus.shared()
        let all = Set(corpus.texts.keys)
        for (q, range) in [("year:2020", 2020...2020), ("year:2015..2017", 2015...2017), ("year:>=2021", 2021...2999),
                           ("year：2020", 2020...2020)] {
            let want = all.filter { year(of: $0, corpus).map(range.contains) ?? false }
            XCTAssertEqual(Set(try corpus.search(q).hits.map(\.path)), want, q)
        }
        let want = corpus.naiveMatches("依申请公开").filter { year(of: $0, corpus) == 2020 }
        XCTAssertEqual(Set(try corpus.search("依申请公开 year:2020").hits.map(\.path)), want)
        XCTAssertFalse(want.isEmpty)
    }

    func testYearAndAgencyFacetsCountAllMatches() throws {
        let corpus = try TestCorpus.shared()
        let matches = corpus.naiveMatches("行政复议")
        let r = try corpus.search("行政复议", facets: [.year, .agency], limit: 3)
        XCTAssertEqual(r.total, matches.count)
        var years: [String: Int] = [:]
        for p in matches { if let y = year(of: p, corpus) { years[String(y), default: 0] += 1 } }
        let got = Dictionary(uniqueKeysWithValues: r.facets.first { $0.facet == .year }!.counts.map { ($0.value, $0.count) })
        XCTAssertEqual(got, years)
        // Agency facet over the synthetic reports equals the truth agencies.
        var agencies: [String: Int] = [:]
        for p in matches { if let a = corpus.truth[p]?["agency"] as? String { agencies[a, default: 0] += 1 } }
        let gotAgencies = Dictionary(uniqueKeysWithValues: r.facets.first { $0.facet == .agency }!.counts.map { ($0.value, $0.count) })
        // Fixtures count too (their metadata is checked in ReportsTests).
        for h in try corpus.search("行政复议").hits where corpus.truth[h.path] == nil {
            if let a = h.agency, agencies[a] != nil { agencies[a]! += 1 }
        }
        for (a, n) in agencies { XCTAssertEqual(gotAgencies[a], n, a) }
    }

    func testAgencyFilterMatchesContainedNames() throws {
        let corpus = try TestCorpus.shared()
        let want = Set(corpus.truth.filter { ($0.value["agency"] as! String).contains("东丽区") }.map(\.key))
        let got = Set(try corpus.search("agency:东丽区").hits.map(\.path))
        XCTAssertTrue(want.isSubset(of: got))
        // The only others are the fixtures from 东丽区 (000 and the HTML copy made from it).
        for p in got.subtracting(want) { XCTAssertTrue(p.contains("000"), p) }
        XCTAssertTrue(got.contains { $0.hasSuffix("000_06b7d66bc02cc0a1.txt") })
    }

    /// Naive split of a synthetic report at the six standard heading names.
    static let headingNames: [(String, String)] = [
        ("overview", "总体情况"), ("proactive", "主动公开政府信息情况"), ("requests", "收到和处理政府信息公开申请情况"),
        ("appeals", "政府信息公开行政复议、行政诉讼情况"), ("problems", "存在的主要问题及改进情况"), ("other", "其他需要报告的事项"),
    ]

    static func naiveSections(_ path: String) -> [String: String] {
        // Split the raw lines first (normalizing joins wrapped lines), then normalize each part.
        let text = ((try? TextOracle.text(path)) ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        var raw: [String: String] = [:]
        var current = "preamble"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: " #\t\r\u{3000}"))
            if let h = Self.headingNames.first(where: { trimmed.hasSuffix($0.1) && trimmed.count <= $0.1.count + 3 }) { current = h.0 }
            raw[current, default: ""] += line + "\n"
        }
        return raw.mapValues(TextOracle.normalize)
    }

    func testSectionFilterAndSectionFacet() throws {
        let corpus = try TestCorpus.shared()
        let synthetic = corpus.truth.filter { ($0.value["year"] as! Int) <= 2018 }.map(\.key)
        XCTAssertGreaterThan(synthetic.count, 50)
        var inOverview = Set<String>()
        var overviewWithout = Set<String>()   // an overview without 复议 (it may stand elsewhere)
        var facet: [String: Int] = [:]
        for p in synthetic {
            var any = false
            let sections = Self.naiveSections(p)
            if let o = sections["overview"], !o.contains("复议") { overviewWithout.insert(p) }
            for (key, body) in sections where body.contains("复议") {
                facet[key, default: 0] += 1
                any = true
                if key == "overview" { inOverview.insert(p) }
            }
            _ = any
        }
        let filtered = try corpus.search("section:overview 复议 year:2008..2018")
        XCTAssertEqual(Set(filtered.hits.map(\.path)), inOverview)
        XCTAssertEqual(Set(try corpus.search("section:1 复议 year:..2018").hits.map(\.path)), inOverview)
        XCTAssertEqual(Set(try corpus.search("section:总体情况 复议 year:..2018").hits.map(\.path)), inOverview)
        // NOT under a section restriction: 复议 not in the overview, though the report may hold it elsewhere
        let without = Set(try corpus.search("section:overview -复议 year:2008..2018").hits.map(\.path))
        XCTAssertGreaterThan(overviewWithout.count, 0)
        XCTAssertEqual(without, overviewWithout)
        XCTAssertEqual(Set(try corpus.search("section:overview NOT (复议) year:..2018").hits.map(\.path)), overviewWithout)
        let r = try corpus.search("复议 year:2008..2018", facets: [.section], limit: 0)
        let got = Dictionary(uniqueKeysWithValues: r.facets[0].counts.map { ($0.value, $0.count) })
        XCTAssertEqual(got, facet)
    }

    func testFilterOnlyQueryListsReports() throws {
        let corpus = try TestCorpus.shared()
        let r = try corpus.search("year:2019 agency:东丽区", facets: [.year])
        XCTAssertTrue(r.hits.allSatisfy { $0.year == 2019 && ($0.agency ?? "").contains("东丽区") })
        XCTAssertEqual(r.total, r.hits.count)
        XCTAssertGreaterThan(r.total, 0)
    }
}
