import Foundation
@testable import GovSearchCore
@testable import GovSearchServer
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

/// /api/export against the `govsearch export` binary's own output, and
/// /api/reports/{id}/file against the bytes on disk; traversal attempts and
/// undeclared methods.
final class ExportEndpointTests: XCTestCase {
    func app() throws -> some ApplicationProtocol { try SearchServer.buildApplication(ServerOptions(indexPath: ServerTests.indexPath)) }

    /// What the CLI prints for `govsearch export QUERY --format F [--sections]`.
    func cli(_ query: String, format: String, sections: Bool) throws -> String {
        var args = ["export"] + (query.isEmpty ? [] : [query]) + ["--index", ServerTests.indexPath, "--format", format]
        if sections { args.append("--sections") }
        let r = try Command.run(Command.govsearch, args)
        XCTAssertTrue(r.status == 0 || r.status == 1, "govsearch \(args): \(r.status) \(r.stderr)")
        return r.stdout
    }

    func testExportIsTheCLIBytes() async throws {
        let cases: [(q: String, format: String, sections: Bool)] = [
            ("复议", "csv", false), ("", "jsonl", false), ("", "csv", false), ("复议", "jsonl", true),
            ("依申请公开 section:requests", "csv", true), ("没有这个词语的报告", "csv", false), ("没有这个词语的报告", "jsonl", false),
        ]
        let expected = try cases.map { try cli($0.q, format: $0.format, sections: $0.sections) }
        try await app().test(.router) { client in
            for (c, want) in zip(cases, expected) {
                var uri = "/api/export?q=\(ServerTests.encode(c.q))&format=\(c.format)"
                if c.sections { uri += "&sections=1" }
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .ok, uri)
                XCTAssertEqual(r.headers[.contentType], c.format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                XCTAssertTrue(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"govsearch-export") == true)
                XCTAssertEqual(String(buffer: r.body), want, "\(uri): the bytes of govsearch export")
            }
            for format in ["csv", "jsonl"] {
                let args = ["export", "--index", ServerTests.indexPath, "--format", format, "--figures"]
                let want = try Command.run(Command.govsearch, args).stdout
                let r = try await client.execute(uri: "/api/export?format=\(format)&figures=1", method: .get)
                XCTAssertEqual(String(buffer: r.body), want, "figures=1: the bytes of govsearch export --figures")
            }
            let both = try await client.execute(uri: "/api/export?sections=1&figures=1", method: .get)
            XCTAssertEqual(both.status, .badRequest)
        }
    }

    /// Independent of both: the CSV's ids are the naive scan's reports with the word.
    func testExportCSVHoldsExactlyTheMatches() async throws {
        let truth = try ServerTests.naiveMatches("复议")
        try await app().test(.router) { client in
            let r = try await client.execute(uri: "/api/export?q=\(ServerTests.encode("复议"))&format=csv", method: .get)
            let rows = try CSVParser.parse(String(buffer: r.body))
            let id = try XCTUnwrap(rows.first?.firstIndex(of: "id"))
            XCTAssertEqual(rows.count - 1, truth.count)
            XCTAssertEqual(Set(rows.dropFirst().map { $0[id] }), truth)
            let all = try await client.execute(uri: "/api/export?format=jsonl", method: .get)
            XCTAssertEqual(String(buffer: all.body).split(separator: "\n").count, try ServerTests.seedCount(), "no query: every report once")
        }
    }

    func testExportBadRequests() async throws {
        var message = ""
        XCTAssertThrowsError(try Searcher(indexPath: ServerTests.indexPath).search(SearchRequest(query: "\"复议"))) { message = "\($0)" }
        let cliMessage = message
        try await app().test(.router) { client in
            let cases: [(String, String)] = [
                ("/api/export?format=xml", "unknown format 'xml'"),
                ("/api/export?format=json", "unknown format 'json'"),
                ("/api/export?q=%22%E5%A4%8D%E8%AE%AE&format=csv", cliMessage),
                ("/api/export?q=\(String(repeating: "复", count: 501))", "query too long"),
                ("/api/export?q=%FF", "not valid UTF-8"),
                ("/api/export?sections=2", "sections must be 1 or 0"),
                ("/api/export?sections=", "sections must be 1 or 0"),
                ("/api/stats?show_failed=x", "show_failed must be 1 or 0"),
                ("/api/stats?missing=", "missing must be 1 or 0"),
                ("/api/reports/0000000000000000?text=2", "text must be 1 or 0"),
                ("/api/stats?by=", "by is empty"), ("/api/trend?by=", "by is empty"), ("/api/search?q=a&limit=", "limit is empty"),
                ("/api/search?q=a&sort=", "sort is empty"), ("/api/export?format=", "format is empty"),
                ("/api/reports/0000000000000000/file?copy=", "copy is empty"),
                ("/api/search?q=a&facets=year,,agency", "no empty or padded item"), ("/api/stats?fields=granted,%20withheld", "no empty or padded item"),
                ("/api/reports/0000000000000000?text=%FF", "not valid UTF-8"),
            ]
            for (uri, message) in cases {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .badRequest, uri)
                XCTAssertEqual(r.headers[.contentType], "application/json; charset=utf-8", uri)
                let error = try ServerTests.object(r.body)["error"] as? String ?? ""
                XCTAssertTrue(error.contains(message), "\(uri): \(error)")
            }
        }
    }

    /// The pipe never holds more than its depth of chunks (plus the one being
    /// written) however slowly the reader reads, and a reader that goes away stops the writer.
    func testPipeBoundsWhatItHolds() async throws {
        let pipe = BytePipe(depth: 3)
        final class Count: @unchecked Sendable {
            private var sent = 0
            private let lock = NSLock()
            func add() { lock.lock(); sent += 1; lock.unlock() }
            var value: Int { lock.lock(); defer { lock.unlock() }; return sent }
        }
        let count = Count()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            pipe.begin(nil)
            for i in 0..<50 {
                do { try pipe.send([UInt8(i)]) } catch { break }
                count.add()
            }
            pipe.finish()
            done.signal()
        }
        _ = await pipe.waitForStart()
        try await Task.sleep(nanoseconds: 200_000_000)
        let early = count.value
        XCTAssertLessThanOrEqual(early, 3, "an unread pipe holds at most its depth")
        pipe.cancel()
        await withCheckedContinuation { c in DispatchQueue.global().async { done.wait(); c.resume() } }
        let final = count.value
        XCTAssertLessThan(final, 50, "a cancelled reader stops the writer")
    }
}

final class ReportFileTests: XCTestCase {
    func app(_ path: String = ServerTests.indexPath) throws -> some ApplicationProtocol {
        try SearchServer.buildApplication(ServerOptions(indexPath: path))
    }

    func testServesTheIndexedFilesAndTheirCopies() async throws {
        var all: [MatchedReport] = []
        try Searcher(indexPath: ServerTests.indexPath).forEachMatch("") { all.append($0) }
        let hits = all
        XCTAssertEqual(hits.count, try ServerTests.seedCount())
        XCTAssertTrue(hits.contains { !$0.stored.copies.isEmpty }, "the fixtures hold reports with copies")
        try await app().test(.router) { client in
            for h in hits {
                let files = [(h.stored.path, "")] + h.stored.copies.enumerated().map { ($0.element.path, "?copy=\($0.offset)") }
                for (path, suffix) in files {
                    let r = try await client.execute(uri: "/api/reports/\(h.stored.id)/file\(suffix)", method: .get)
                    XCTAssertEqual(r.status, .ok, path)
                    let disk = try Data(contentsOf: URL(fileURLWithPath: path))
                    XCTAssertEqual(Data(r.body.readableBytesView), disk, "\(path): the file's bytes")
                    let type = r.headers[.contentType] ?? ""
                    switch (path as NSString).pathExtension {
                    case "pdf": XCTAssertEqual(type, "application/pdf")
                    case "html": XCTAssertEqual(type, "text/html")
                    case "docx": XCTAssertEqual(type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                    case "txt":
                        let utf8 = String(data: disk, encoding: .utf8) != nil
                        XCTAssertEqual(type, utf8 ? "text/plain; charset=utf-8" : "text/plain", path)
                    default: XCTFail("unexpected fixture \(path)")
                    }
                    let name = (path as NSString).lastPathComponent
                    XCTAssertTrue(r.headers[.contentDisposition]?.contains("filename*=UTF-8''\(ServerTests.encode(name))") == true,
                                  r.headers[.contentDisposition] ?? "no Content-Disposition")
                    if type.hasPrefix("text/html") {
                        XCTAssertTrue(r.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true, "a crawled page runs no script")
                    }
                }
                let past = try await client.execute(uri: "/api/reports/\(h.stored.id)/file?copy=\(h.stored.copies.count)", method: .get)
                XCTAssertEqual(past.status, .notFound)
                // A path parameter is no way to name a file: the primary is served.
                let named = try await client.execute(uri: "/api/reports/\(h.stored.id)/file?path=%2Fetc%2Fpasswd", method: .get)
                XCTAssertEqual(Data(named.body.readableBytesView), try Data(contentsOf: URL(fileURLWithPath: h.stored.path)))
            }
            let id = hits[0].stored.id
            for uri in ["/api/reports/\(id)/file?copy=-1", "/api/reports/\(id)/file?copy=x", "/api/reports/\(id)/file?copy=%2E%2E%2F"] {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .badRequest, uri)
            }
            for uri in ["/api/reports/0000000000000000/file", "/api/reports/nothex/file", "/api/reports/..%2F..%2Fetc%2Fpasswd/file",
                        "/api/reports/../../etc/passwd/file", "/api/reports/\(id)/file/../../../../etc/passwd",
                        "/api/reports/\(id)/..%2F..%2F..%2Fetc%2Fpasswd", "/api/reports/\(id)/file/%2E%2E/%2E%2E/etc/passwd",
                        "/api/reports/\(id)%2F..%2F..%2Fetc%2Fpasswd/file", "/api/reports/\(id)/files", "/api/reports//file"] {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .notFound, uri)
                XCTAssertFalse(String(buffer: r.body).contains("root:"), uri)
            }
        }
    }

    /// A file replaced by a symbolic link after indexing is not followed.
    func testSymlinkedFileIsNotServed() async throws {
        let fm = FileManager.default
        let base = URL(fileURLWithPath: try TempDir.make("serve-file-link"))
        defer { try? fm.removeItem(at: base) }
        let corpus = base.appendingPathComponent("corpus").path
        try fm.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let name = try XCTUnwrap(try TestPaths.fixtureNames().first { $0.hasSuffix(".txt") && !$0.contains("_from_") })
        try fm.copyItem(atPath: ServerTests.fixtures + "/" + name, toPath: corpus + "/" + name)
        let index = base.appendingPathComponent("index").path
        _ = try Indexer(.init(roots: [corpus], indexPath: index)).run()
        var matched: [MatchedReport] = []
        try Searcher(indexPath: index).forEachMatch("") { matched.append($0) }
        let hit = try XCTUnwrap(matched.first).stored
        try await app(index).test(.router) { client in
            let ok = try await client.execute(uri: "/api/reports/\(hit.id)/file", method: .get)
            XCTAssertEqual(ok.status, .ok)
            try fm.removeItem(atPath: hit.path)
            try fm.createSymbolicLink(atPath: hit.path, withDestinationPath: "/etc/passwd")
            let r = try await client.execute(uri: "/api/reports/\(hit.id)/file", method: .get)
            XCTAssertEqual(r.status, .notFound)
            XCTAssertFalse(String(buffer: r.body).contains("root:"))
            try fm.removeItem(atPath: hit.path)
            let gone = try await client.execute(uri: "/api/reports/\(hit.id)/file", method: .get)
            XCTAssertEqual(gone.status, .notFound)
        }
    }

    func testUndeclaredMethodsAre405WithAllow() async throws {
        try await app().test(.router) { client in
            for (method, uri) in [(HTTPRequest.Method.trace, "/health"), (.trace, "/metrics"), (.post, "/api/search?q=x"),
                                  (.delete, "/api/reports/0000000000000000"), (.put, "/api/reports/0000000000000000/file"),
                                  (.patch, "/api/export"), (.options, "/openapi.json"), (.post, "/")] {
                let r = try await client.execute(uri: uri, method: method)
                XCTAssertEqual(r.status, .methodNotAllowed, "\(method) \(uri)")
                XCTAssertEqual(r.headers[.allow], "GET, HEAD", "\(method) \(uri)")
                XCTAssertNotNil(try ServerTests.object(r.body)["error"] as? String)
            }
            let unknown = try await client.execute(uri: "/nowhere", method: .trace)
            XCTAssertEqual(unknown.status, .notFound)
            let head = try await client.execute(uri: "/health", method: .head)
            XCTAssertEqual(head.status, .ok)
        }
    }
}

/// The OpenAPI document declares what the server enforces: its lists are the
/// core's, every value it allows is answered 200, the limits it states are the server's.
final class OpenAPIAgreementTests: XCTestCase {
    func testDeclaredValuesAreTheServersValues() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.repo + "/Sources/GovSearchServer/Public/openapi.json"))
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try XCTUnwrap(doc["paths"] as? [String: [String: Any]])
        func param(_ path: String, _ name: String) throws -> [String: Any] {
            let op = try XCTUnwrap(paths[path]?["get"] as? [String: Any], path)
            let ps = try XCTUnwrap(op["parameters"] as? [[String: Any]])
            return try XCTUnwrap(ps.first { $0["name"] as? String == name }?["schema"] as? [String: Any], "\(path) \(name)")
        }
        let sorts = try XCTUnwrap(try param("/api/search", "sort")["enum"] as? [String])
        XCTAssertEqual(Set(sorts), Set(["relevance", "score", "year", "-year", "agency", "-agency"] + FigureAccess.sortableNames.flatMap { [$0, "-" + $0] }))
        let fields = try XCTUnwrap((try param("/api/stats", "fields")["items"] as? [String: Any])?["enum"] as? [String])
        XCTAssertEqual(Set(fields), Set(FigureAccess.names).union(Stats.aliases.keys))
        XCTAssertEqual(try param("/api/stats", "fields")["minItems"] as? Int, 1)
        for path in ["/api/search", "/api/trend", "/api/stats", "/api/export"] {
            XCTAssertEqual(try param(path, "q")["maxLength"] as? Int, ServerOptions(indexPath: "").maxQueryLength, path)
        }
        XCTAssertEqual(try param("/api/search", "limit")["maximum"] as? Int, ServerOptions(indexPath: "").maxLimit)
        XCTAssertEqual(try param("/api/search", "offset")["maximum"] as? Int, ServerOptions(indexPath: "").maxOffset)
        XCTAssertNotNil(paths["/api/export"]); XCTAssertNotNil(paths["/api/reports/{id}/file"])
        for (path, name) in [("/api/export", "sections"), ("/api/export", "figures"), ("/api/stats", "show_failed"), ("/api/stats", "missing"), ("/api/reports/{id}", "text")] {
            XCTAssertEqual(try param(path, name)["enum"] as? [String], SearchService.flagValues, "\(path) \(name)")
        }

        try await SearchServer.buildApplication(ServerOptions(indexPath: ServerTests.indexPath)).test(.router) { client in
            for s in sorts {
                let r = try await client.execute(uri: "/api/search?q=x&sort=\(ServerTests.encode(s))", method: .get)
                XCTAssertEqual(r.status, .ok, "sort=\(s)")
            }
            for f in fields {
                let r = try await client.execute(uri: "/api/stats?fields=\(f)", method: .get)
                XCTAssertEqual(r.status, .ok, "fields=\(f)")
            }
            for v in SearchService.flagValues {
                let r = try await client.execute(uri: "/api/export?format=csv&sections=\(v)", method: .get)
                XCTAssertEqual(r.status, .ok, "sections=\(v)")
            }
            let empty = try await client.execute(uri: "/api/stats?fields=", method: .get)
            XCTAssertEqual(empty.status, .badRequest, "an empty fields= is refused, as minItems 1 says")
            let long = String(repeating: "复", count: 500)
            for path in ["/api/search", "/api/trend", "/api/stats", "/api/export"] {
                let ok = try await client.execute(uri: "\(path)?q=\(ServerTests.encode(long))", method: .get)
                XCTAssertEqual(ok.status, .ok, "\(path): 500 characters")
                let over = try await client.execute(uri: "\(path)?q=\(ServerTests.encode(long + "复"))", method: .get)
                XCTAssertEqual(over.status, .badRequest, "\(path): 501 characters")
            }
        }
    }
}
