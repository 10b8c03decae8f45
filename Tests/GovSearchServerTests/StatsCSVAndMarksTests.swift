import Foundation
@testable import GovSearchCore
@testable import GovSearchServer
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

/// `/api/stats?format=csv` against the `govsearch stats --format csv` binary's
/// own output, and `/api/reports/{id}?q=` highlights against the text as
/// written: a query whose form differs from the text (full-width letters,
/// another case, a Chinese word broken by a line break) marks exactly the
/// places the search matches.
final class StatsCSVAndMarksTests: XCTestCase {
    func app(_ path: String = ServerTests.indexPath) throws -> some ApplicationProtocol {
        try SearchServer.buildApplication(ServerOptions(indexPath: path))
    }

    func testStatsCSVIsTheCLIBytes() async throws {
        let cases: [(q: String, by: String, fields: String, extra: [String])] = [
            ("", "year", "new_applications,granted", []),
            ("复议", "agency,year", "new_applications,withheld,reconsideration", []),
            ("", "region,level", "granted", ["--agg", "mean"]),
            ("", "year", "reconsideration", ["--missing"]),
            ("没有这个词语的报告", "year", "granted", []),
        ]
        let expected = try cases.map { c -> String in
            let args = ["stats"] + (c.q.isEmpty ? [] : [c.q]) + ["--index", ServerTests.indexPath, "--by", c.by, "--fields", c.fields, "--format", "csv"] + c.extra
            let r = try Command.run(Command.govsearch, args)
            XCTAssertTrue(r.status == 0 || r.status == 1, "govsearch \(args): \(r.status) \(r.stderr)")
            return r.stdout
        }
        try await app().test(.router) { client in
            for (c, want) in zip(cases, expected) {
                var uri = "/api/stats?q=\(ServerTests.encode(c.q))&by=\(ServerTests.encode(c.by))&fields=\(c.fields)&format=csv"
                if c.extra.contains("--missing") { uri += "&missing=1" }
                if c.extra.contains("mean") { uri += "&agg=mean" }
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .ok, uri)
                XCTAssertEqual(r.headers[.contentType], "text/csv; charset=utf-8", uri)
                XCTAssertEqual(r.headers[.contentDisposition], "attachment; filename=\"govsearch-stats-\(c.by.replacingOccurrences(of: ",", with: "-")).csv\"", uri)
                XCTAssertEqual(String(buffer: r.body), want, "\(uri): the bytes of govsearch stats --format csv")
            }
            // The two-key CSV has the JSON's rows, a column per key.
            let json = try await client.execute(uri: "/api/stats?by=agency,year&fields=new_applications", method: .get)
            let csv = try await client.execute(uri: "/api/stats?by=agency,year&fields=new_applications&format=csv", method: .get)
            let rows = try XCTUnwrap(try ServerTests.object(json.body)["rows"] as? [[String: Any]])
            let lines = try CSVParser.parse(String(buffer: csv.body))
            XCTAssertEqual(lines.first, ["agency", "year", "new_applications", "failed", "new_applications_coverage"])
            XCTAssertEqual(lines.count - 1, rows.count)
            for (line, row) in zip(lines.dropFirst(), rows) {
                XCTAssertEqual(line[0], row["agency"] as? String ?? "")
                XCTAssertEqual(line[4], String((row["coverage"] as? [String: Int])?["new_applications"] ?? -1))
            }
            // format=json is the default answer; anything else is refused.
            let plain = try await client.execute(uri: "/api/stats?by=year", method: .get)
            let asJSON = try await client.execute(uri: "/api/stats?by=year&format=json", method: .get)
            XCTAssertEqual(String(buffer: asJSON.body), String(buffer: plain.body))
            for uri in ["/api/stats?format=jsonl", "/api/stats?format=table", "/api/stats?format=", "/api/stats?format=csv&by=section",
                        "/api/stats?format=csv&fields=bogus", "/api/stats?format=csv&q=%22"] {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .badRequest, uri)
                XCTAssertNotNil(try ServerTests.object(r.body)["error"] as? String, uri)
            }
        }
    }

    /// What the OpenAPI document declares for the new parameters is what the server enforces.
    func testDocumentDeclaresFormatAndReportQuery() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.repo + "/Sources/GovSearchServer/Public/openapi.json"))
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try XCTUnwrap(doc["paths"] as? [String: [String: Any]])
        func param(_ path: String, _ name: String) throws -> [String: Any] {
            let ps = try XCTUnwrap((paths[path]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]], path)
            return try XCTUnwrap(ps.first { $0["name"] as? String == name }?["schema"] as? [String: Any], "\(path) \(name)")
        }
        let formats = try XCTUnwrap(try param("/api/stats", "format")["enum"] as? [String])
        XCTAssertEqual(formats, ["json", "csv"])
        let limit = ServerOptions(indexPath: "").maxQueryLength
        XCTAssertEqual(try param("/api/reports/{id}", "q")["maxLength"] as? Int, limit)
        let report = try XCTUnwrap((doc["components"] as? [String: Any]).flatMap { ($0["schemas"] as? [String: Any])?["Report"] as? [String: Any] })
        XCTAssertNotNil((report["properties"] as? [String: Any])?["highlights"])
        let id = try XCTUnwrap(try Searcher(indexPath: ServerTests.indexPath).search(SearchRequest(query: "复议")).hits.first?.id)
        try await app().test(.router) { client in
            for f in formats {
                let r = try await client.execute(uri: "/api/stats?format=\(f)", method: .get)
                XCTAssertEqual(r.status, .ok, f)
                XCTAssertEqual(r.headers[.contentType], f == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
            }
            let long = String(repeating: "复", count: limit)
            let ok = try await client.execute(uri: "/api/reports/\(id)?q=\(ServerTests.encode(long))", method: .get)
            XCTAssertEqual(ok.status, .ok)
            let over = try await client.execute(uri: "/api/reports/\(id)?q=\(ServerTests.encode(long + "复"))", method: .get)
            XCTAssertEqual(over.status, .badRequest)
            // Found by schemathesis: a copy number past Int is a copy that is not there (404, as documented),
            // and the pattern of `by` leaves out the same key twice, which the server refuses.
            let huge = try await client.execute(uri: "/api/reports/\(id)/file?copy=42281421440641875968", method: .get)
            XCTAssertEqual(huge.status, .notFound)
            for bad in ["-1", "1.5", "+1", "x"] {
                let r = try await client.execute(uri: "/api/reports/\(id)/file?copy=\(ServerTests.encode(bad))", method: .get)
                XCTAssertEqual(r.status, .badRequest, bad)
            }
            let pattern = try NSRegularExpression(pattern: try XCTUnwrap(try param("/api/stats", "by")["pattern"] as? String))
            let keys = ["year", "agency", "region", "level", "format"]
            for a in keys {
                for b in [nil] + keys {
                    let by = b.map { a + "," + $0 } ?? a
                    let declared = pattern.firstMatch(in: by, range: NSRange(by.startIndex..., in: by)) != nil
                    let r = try await client.execute(uri: "/api/stats?by=\(ServerTests.encode(by))", method: .get)
                    XCTAssertEqual(r.status == .ok, declared, "by=\(by): declared \(declared), answered \(r.status)")
                }
            }
        }
    }

    /// A report whose words are written otherwise than a query types them.
    static let report = """
    某某市数据局2020年政府信息公开工作年度报告
    一、总体情况
    本局开通政务ＡＰＰ和App两个渠道，另有applet小程序不算。
    依法答复商业
    企业的政府信息公开申请，科研　机构也有。
    二、主动公开政府信息情况
    本年主动公开文件12件，商业企业查询较多。

    """

    func testReportHighlightsAreTheSearchsMatchesInTheTextAsWritten() async throws {
        let dir = try temporaryDirectory("marks")
        try FileManager.default.createDirectory(atPath: dir + "/corpus", withIntermediateDirectories: true)
        let file = dir + "/corpus/marks.txt"
        try Self.report.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try Indexer(.init(roots: [dir + "/corpus"], indexPath: dir + "/index")).run()
        let text = Array(Self.report.unicodeScalars)
        func written(_ h: [Int]) -> String { String(String.UnicodeScalarView(text[h[0]..<h[1]])) }

        try await app(dir + "/index").test(.router) { client in
            // The search finds the report for each query typed otherwise than written.
            for q in ["app", "ＡＰＰ", "商业企业", "科研机构"] {
                let s = try await client.execute(uri: "/api/search?q=\(ServerTests.encode(q))", method: .get)
                XCTAssertEqual(try ServerTests.object(s.body)["total"] as? Int, 1, q)
            }
            let s = try await client.execute(uri: "/api/search?q=\(ServerTests.encode("ａｐｐ"))", method: .get)
            let id = try XCTUnwrap((try ServerTests.object(s.body)["hits"] as? [[String: Any]])?.first?["id"] as? String)

            func marks(_ q: String) async throws -> [String] {
                let r = try await client.execute(uri: "/api/reports/\(id)?text=1&q=\(ServerTests.encode(q))", method: .get)
                XCTAssertEqual(r.status, .ok, q)
                let o = try ServerTests.object(r.body)
                XCTAssertEqual(o["text"] as? String, Self.report, "a UTF-8 text file is served as written")
                let hs = try XCTUnwrap(o["highlights"] as? [[Int]], q)
                for (a, b) in zip(hs, hs.dropFirst()) { XCTAssertLessThanOrEqual(a[1], b[0], "in text order, not overlapping") }
                return hs.map(written)
            }
            // Full-width letters and another case: the whole word APP and App, not inside applet.
            let app = try await marks("ａｐｐ")
            XCTAssertEqual(app, ["ＡＰＰ", "App"])
            // A line break (and an ideographic space) inside the word: marked across it, as written.
            let words = try await marks("商业企业 OR 科研机构")
            XCTAssertEqual(words, ["商业\n企业", "科研　机构", "商业企业"])
            // Excluded words are not marked; a section filter limits the marks to its section.
            let notApp = try await marks("商业企业 -ａｐｐ")
            XCTAssertEqual(notApp, ["商业\n企业", "商业企业"])
            let inProactive = try await marks("商业企业 section:proactive")
            XCTAssertEqual(inProactive, ["商业企业"])
            let fieldsOnly = try await marks("year:2020")
            XCTAssertEqual(fieldsOnly, [])
            // Quoted phrases as the search reads them (full-width quotes).
            let phrase = try await marks("“政务ａｐｐ”")
            XCTAssertEqual(phrase, ["政务ＡＰＰ"])

            // Without q: no highlights member; a bad or long q is 400 with the search's message.
            let plain = try await client.execute(uri: "/api/reports/\(id)?text=1", method: .get)
            XCTAssertNil(try ServerTests.object(plain.body)["highlights"])
            let bad = try await client.execute(uri: "/api/reports/\(id)?q=%22", method: .get)
            XCTAssertEqual(bad.status, .badRequest)
            XCTAssertTrue((try ServerTests.object(bad.body)["error"] as? String ?? "").hasPrefix("bad query"))
            let long = String(repeating: "复", count: 501)
            let over = try await client.execute(uri: "/api/reports/\(id)?q=\(ServerTests.encode(long))", method: .get)
            XCTAssertEqual(over.status, .badRequest)
            let ok = try await client.execute(uri: "/api/reports/\(id)?q=\(ServerTests.encode(String(long.dropFirst())))", method: .get)
            XCTAssertEqual(ok.status, .ok, "500 characters, as the document allows")
        }
    }
}
