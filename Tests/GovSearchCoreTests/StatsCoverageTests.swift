import Foundation
@testable import GovSearchCore
@testable import GovSearchOutput
import Reports
import TestSupport
import XCTest

/// `stats` coverage (issue 26): how many reports of a group supplied each
/// figure, `--missing` with the reasons, and a broken table leaving out its
/// own figures only. Checked against a hand-made folder and against the
/// generator's truth for a corpus with missing and broken tables.
final class StatsCoverageTests: XCTestCase {
    /// The 2019 tables in the generator's tab layout.
    static func requestsTable(_ r: [Int]) -> String {
        let labels = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开", "（三）不予公开",
                      "（四）无法提供", "（五）不予处理", "（六）其他处理", "（七）总计", "四、结转下年度继续办理"]
        var lines = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况"]
        for (label, v) in zip(labels, r) { lines.append("\(label)\t\(v)\t0\t0\t0\t0\t0\t\(v)") }
        return lines.joined(separator: "\n")
    }

    static func appealsTable(_ row: [Int]) -> String {
        "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" + row.map(String.init).joined(separator: "\t")
    }

    static func report(year: Int, requests: [Int]?, appeals: [Int]?) -> String {
        var parts = ["# 天津市东丽区财政局\(year)年政府信息公开工作年度报告",
                     "本报告根据《中华人民共和国政府信息公开条例》编制，报告中所列数据的统计期限从\(year)年1月1日至12月31日止。",
                     "一、总体情况", "　　本年度我局认真贯彻落实政府信息公开工作要求，持续推进政务公开。",
                     "二、主动公开政府信息情况", "　　本年度主动公开政府信息若干条。",
                     "三、收到和处理政府信息公开申请情况"]
        if let requests { parts += ["\(year)年，共收到政府信息公开申请\(requests[0])件。", requestsTable(requests)] }
        parts.append("四、政府信息公开行政复议、行政诉讼情况")
        if let appeals { parts.append(appealsTable(appeals)) }
        parts += ["五、存在的主要问题及改进情况", "　　信息公开的及时性有待提高。", "六、其他需要报告的事项", "　　本年度无其他需要报告的事项。"]
        return parts.joined(separator: "\n") + "\n"
    }

    /// Three reports of one agency: full consistent tables; no tables; consistent requests
    /// and an appeals table whose reconsideration total (3) breaks its columns (1).
    func testHandMadeFolder() throws {
        let dir = try TempDir.make("coverage")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        // new, carried, granted, partial, withheld, unable, not processed, other, total, forward
        let full = Self.report(year: 2020, requests: [12, 1, 8, 1, 1, 1, 1, 0, 12, 1],
                               appeals: [2, 0, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        let none = Self.report(year: 2021, requests: nil, appeals: nil)
        let broken = Self.report(year: 2022, requests: [30, 0, 20, 5, 3, 2, 0, 0, 30, 0],
                                 appeals: [1, 0, 0, 0, 3, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0])
        for (name, text) in [("a_full.txt", full), ("b_none.txt", none), ("c_broken.txt", broken)] {
            try text.write(toFile: docs + "/" + name, atomically: true, encoding: .utf8)
        }
        let index = dir + "/index"
        _ = try Indexer(Indexer.Options(roots: [docs], indexPath: index)).run()
        let searcher = try Searcher(indexPath: index)
        let fields = ["new_applications", "granted", "reconsideration", "litigation"]
        let st = try searcher.stats("", by: .agency, fields: fields, collectFailed: true, collectMissing: true)

        XCTAssertEqual(st.rows.count, 1, "one agency: \(st.rows.map(\.value))")
        let row = try XCTUnwrap(st.rows.first)
        XCTAssertEqual(row.reports, 3)
        XCTAssertEqual(row.failed, 1)
        // The broken appeals table leaves the requests figures of c_broken in the sums.
        XCTAssertEqual(row.values, [42, 28, 2, 1])
        XCTAssertEqual(row.coverage, [2, 2, 1, 1])
        XCTAssertEqual(row.failedReports.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["c_broken.txt"])
        XCTAssertEqual(row.failedReports.first?.tables, ["appeals"])

        let expected: Set<String> = [
            "b_none.txt new_applications no statistics table found",
            "b_none.txt granted no statistics table found",
            "b_none.txt reconsideration no statistics table found",
            "b_none.txt litigation no statistics table found",
            "c_broken.txt reconsideration excluded: the appeals table breaks its totals",
            "c_broken.txt litigation excluded: the appeals table breaks its totals",
        ]
        let got = row.missing.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent) \($0.figure) \($0.reason)" }
        XCTAssertEqual(got.count, 6)
        XCTAssertEqual(Set(got), expected)

        // JSON: coverage after the existing keys, one key per field; `missing` objects.
        let json = try JSON.object(st.json())
        let jrow = try XCTUnwrap((json["rows"] as? [[String: Any]])?.first)
        XCTAssertEqual(jrow["coverage"] as? [String: Int],
                       ["new_applications": 2, "granted": 2, "reconsideration": 1, "litigation": 1])
        XCTAssertEqual(jrow["new_applications"] as? Int, 42)
        let text = st.json()
        let keys = ["\"failed\"", "\"reports\"", "\"failed_reports\"", "\"coverage\""].map { text.range(of: $0)!.lowerBound }
        XCTAssertEqual(keys, keys.sorted(), "coverage comes after the existing keys")
        let missing = try XCTUnwrap(json["missing"] as? [[String: Any]])
        XCTAssertEqual(missing.count, 6)
        for m in missing {
            XCTAssertEqual(Set(m.keys), ["group", "figure", "id", "path", "reason"])
            XCTAssertEqual(m["group"] as? String, row.value)
        }

        // CSV: coverage columns last; with missing, the missing list in its own columns.
        let csv = try CSVParser.parse(CSV.line(st.columns) + st.records.map { $0.csvLine() }.joined())
        XCTAssertEqual(csv[0], ["agency"] + fields + ["failed"] + fields.map { $0 + "_coverage" })
        XCTAssertEqual(Array(csv[1].dropFirst()), ["42", "28", "2", "1", "1", "2", "2", "1", "1"])
        let mcsv = try CSVParser.parse(st.missingRecords.map { $0.csvLine() }.joined())
        XCTAssertEqual(Set(mcsv.map { "\(URL(fileURLWithPath: $0[3]).lastPathComponent) \($0[1]) \($0[4])" }), expected)

        // The table view: n beside each figure, the failed report's table, the missing lines.
        let table = st.table()
        XCTAssertTrue(table.contains("new_applications  n  granted  n"), table)
        XCTAssertTrue(table.contains("c_broken.txt  (appeals)"), table)
        XCTAssertTrue(table.contains("granted  " + docs + "/b_none.txt: no statistics table found"), table)

        // Without --missing nothing is listed and JSON has no `missing`.
        let plain = try searcher.stats("", by: .agency, fields: fields)
        XCTAssertNil(try JSON.object(plain.json())["missing"])
        XCTAssertEqual(plain.rows.first?.coverage, [2, 2, 1, 1])
    }

    /// Against the generator's truth: 400 reports, 40 % with a missing or broken table.
    func testCoverageAndSumsMatchGeneratorTruth() throws {
        let dir = try TempDir.make("coverage-gen")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let truth = try CorpusGenerator.generate(400, into: dir + "/corpus", seed: 5, gaps: 0.4)
        _ = try Indexer(Indexer.Options(roots: [dir + "/corpus"], indexPath: dir + "/index")).run()
        let searcher = try Searcher(indexPath: dir + "/index")
        let fields = ["new_applications", "granted", "handled_total", "reconsideration", "litigation"]
        let keys = ["applications_new", "granted", "handled_total", "reconsideration_total", "litigation_total"]
        let st = try searcher.stats("", by: .year, fields: fields, collectFailed: true, collectMissing: true)
        XCTAssertEqual(st.matches, 400)
        let gaps = truth.values.compactMap { $0["gap"] as? String }
        XCTAssertGreaterThan(Set(gaps).count, 3, "every kind of gap occurs")

        for r in st.rows {
            let year = Int(try XCTUnwrap(r.value))
            let group = truth.filter { $0.value["year"] as? Int == year }
            XCTAssertEqual(r.reports, group.count)
            XCTAssertEqual(r.failed, group.filter { ($0.value["gap"] as? String)?.hasPrefix("broken") == true }.count, "\(year)")
            for f in r.failedReports {
                let gap = try XCTUnwrap(truth[f.path]?["gap"] as? String)
                XCTAssertEqual(f.tables, [gap == "broken_requests" ? "requests" : "appeals"], f.path)
            }
            // A report without its requests table may state the year's applications in its prose (the
            // generator's filler sentences from real reports: 我区共收到依申请公开申请22件); inspect gives
            // that figure (how prose), and the text must print it.
            // Granted and withheld too (issue 26): each figure the prose gives must be printed there.
            var prose: [String: [String: Int]] = [:]   // path -> figure -> value
            var disputed: Set<String> = []   // statements that differ: null with them in the reason
            let proseWords = ["new_applications": "申请", "granted": "公开"]
            for (path, t) in group where t["gap"] as? String == "no_requests_table" {
                let report = try ReportReader.read(path: path)
                let st = report.statistics
                for name in ["new_applications", "granted"] {
                    if st?.nulls["requests.\(name).total"]?.hasPrefix("the prose states different figures") == true { disputed.insert(path) }
                    guard st?.sources["requests.\(name).total"]?.how == "prose", let n = st?.figure(name) else { continue }
                    XCTAssertTrue(report.text.contains("\(n)件") && report.text.contains(proseWords[name]!), "\(path): \(name) \(n)")
                    prose[path, default: [:]][name] = n
                }
            }
            for (i, key) in keys.enumerated() {
                let proseName = ["applications_new": "new_applications", "granted": "granted"][key]
                var have = group.values.compactMap { $0[key] as? Int }
                if let proseName { have += prose.values.compactMap { $0[proseName] } }
                XCTAssertEqual(r.coverage[i], have.count, "\(fields[i]) coverage in \(year)")
                XCTAssertEqual(r.values[i], have.isEmpty ? nil : Double(have.reduce(0, +)), "\(fields[i]) sum in \(year)")
                // --missing: exactly the reports truth gives no figure, with the gap's reason.
                var expected: [String: String] = [:]
                for (path, t) in group where !(t[key] is Int) && !(proseName.map { prose[path]?[$0] != nil } ?? false) {
                    switch t["gap"] as? String {
                    case "no_requests_table":
                        expected[path] = prose[path] != nil || disputed.contains(path)
                            ? "no requests table found (the prose states only some of its figures)" : "no requests table found"
                    case "no_appeals_table": expected[path] = "no appeals table found"
                    case "broken_requests": expected[path] = "excluded: the requests table breaks its totals"
                    default: expected[path] = "excluded: the appeals table breaks its totals"
                    }
                }
                let listed = r.missing.filter { $0.figure == fields[i] }
                XCTAssertEqual(listed.count, expected.count, "\(fields[i]) missing in \(year)")
                XCTAssertEqual(Set(listed.map(\.path)), Set(expected.keys), "\(fields[i]) missing in \(year)")
                for m in listed where m.reason != expected[m.path] {
                    // Without the table, narrative digits near 维持/审结 may still be read as a row the
                    // parser cannot settle: then the reason is the null's own, as inspect --json gives it.
                    XCTAssertTrue(expected[m.path]?.hasPrefix("no ") == true, "\(m.path): \(m.reason)")
                    let nulls = try ReportReader.read(path: m.path).statistics?.nulls.values
                    XCTAssertTrue(nulls?.contains(m.reason) == true, "\(m.path): \(m.reason) not among \(nulls.map(Array.init) ?? [])")
                }
            }
        }
    }
}
