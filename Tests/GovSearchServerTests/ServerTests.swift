import Foundation
@testable import GovSearchCore
@testable import GovSearchServer
import Hummingbird
import HummingbirdTesting
@testable import Reports
import TestSupport
import XCTest

/// The HTTP API over an index of the repository's Fixtures/, checked against
/// the CLI's own Searcher output and against naive scans of the fixture texts
/// (decoded by the test's TextOracle, not by the Reports module).
final class ServerTests: XCTestCase {
    static let fixtures = TestPaths.fixtures
    /// One index of the fixtures for the whole run (built on first use).
    static let built: (path: String, reports: Int) = {
        let path = TempDir.perProcess("serve-test") + "/index"
        do {
            return (path, try Indexer(.init(roots: [fixtures], indexPath: path)).run().reports)
        } catch {
            XCTFail("indexing the fixtures failed: \(error)")
            return (path, 0)
        }
    }()
    static var indexPath: String { built.path }
    static var indexed: Int { built.reports }

    func app(_ path: String = ServerTests.indexPath) throws -> some ApplicationProtocol {
        try SearchServer.buildApplication(ServerOptions(indexPath: path))
    }

    /// Ids of the reports below `root` whose text, as the oracle decodes and normalizes it,
    /// contains `word`. A fixture `NNN_…_from_MMM` is a copy of seed MMM (by construction): its
    /// report is the seed's, whose id is the seed file's (the seed is found first, so it founds it).
    static func naiveMatches(_ word: String, in root: String = fixtures) throws -> Set<String> {
        let texts = try TextOracle.normalizedTexts(below: root)
        let seeds = Dictionary(texts.keys.map { (String(($0 as NSString).lastPathComponent.prefix(3)), $0) }) { a, _ in a }
        return Set(texts.filter { TextOracle.contains($0.value, word) }.keys.map { path -> String in
            let name = (path as NSString).lastPathComponent
            if let r = name.range(of: "_from_"), let seed = seeds[String(name[r.upperBound...].prefix(3))] {
                return ReportID.make(forRealPath: seed)
            }
            return ReportID.make(forRealPath: path)
        })
    }

    /// The oracle's normalization without any white space: texts decoded two ways
    /// differ at most in where line breaks, tabs and spaces fall.
    static func squeezed(_ text: String) -> String {
        String(String.UnicodeScalarView(TextOracle.normalize(text).unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// Reports in Fixtures/: the seeds (`NNN_…_from_MMM` files are copies of seed MMM).
    static func seedCount() throws -> Int { try TestPaths.fixtureNames().filter { !$0.contains("_from_") }.count }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] { try JSON.object(String(buffer: buffer)) }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    func testSearchIsTheCLIObjectAndMatchesNaiveCount() async throws {
        let expectedIDs = try Self.naiveMatches("复议")
        XCTAssertGreaterThan(expectedIDs.count, 0, "the fixtures mention 复议")
        var req = SearchRequest(query: "复议")
        req.limit = 100
        let cli = try Searcher(indexPath: Self.indexPath).search(req).json()

        try await app().test(.router) { client in
            try await client.execute(uri: "/api/search?q=\(Self.encode("复议"))&limit=100", method: .get) { r in
                XCTAssertEqual(r.status, .ok)
                XCTAssertEqual(r.headers[.contentType], "application/json; charset=utf-8")
                XCTAssertEqual(String(buffer: r.body), cli, "the API answers exactly what `govsearch --json` prints")
                let o = try Self.object(r.body)
                XCTAssertEqual(o["total"] as? Int, expectedIDs.count)
                let hits = try XCTUnwrap(o["hits"] as? [[String: Any]])
                XCTAssertEqual(Set(hits.compactMap { $0["id"] as? String }), expectedIDs)
                // Highlights are code-point ranges of the snippet that hold the word.
                for h in hits {
                    let snippet = Array((h["snippet"] as? String ?? "").unicodeScalars)
                    for range in h["highlights"] as? [[Int]] ?? [] {
                        let s = String(String.UnicodeScalarView(snippet[range[0]..<range[1]]))
                        XCTAssertEqual(s.filter { !$0.isWhitespace }, "复议")
                    }
                }
            }
        }
    }

    func testYearFacetCountEqualsFilteredTotal() async throws {
        try await app().test(.router) { client in
            let all = try await client.execute(uri: "/api/search?q=\(Self.encode("依申请公开"))&limit=0", method: .get)
            XCTAssertEqual(all.status, .ok)
            let years = try XCTUnwrap((try Self.object(all.body)["facets"] as? [String: Any])?["year"] as? [String: Int])
            XCTAssertFalse(years.isEmpty)
            for (year, count) in years {
                let r = try await client.execute(uri: "/api/search?q=\(Self.encode("依申请公开 year:\(year)"))&limit=100&facets=", method: .get)
                let o = try Self.object(r.body)
                XCTAssertEqual(o["total"] as? Int, count, "year:\(year)")
                XCTAssertEqual((o["hits"] as? [[String: Any]])?.count, count)
                XCTAssertEqual((o["facets"] as? [String: Any])?.count, 0, "facets= asks for none")
            }
        }
    }

    func testBadRequestsAre400WithTheCLIMessage() async throws {
        let bad = "\"依申请公开"  // unbalanced quote
        var cliMessage = ""
        XCTAssertThrowsError(try Searcher(indexPath: Self.indexPath).search(SearchRequest(query: bad))) { cliMessage = "\($0)" }
        XCTAssertTrue(cliMessage.hasPrefix("bad query"), cliMessage)

        try await app().test(.router) { client in
            let r = try await client.execute(uri: "/api/search?q=\(Self.encode(bad))", method: .get)
            XCTAssertEqual(r.status, .badRequest)
            XCTAssertEqual(try Self.object(r.body)["error"] as? String, cliMessage)

            let cases: [(String, String)] = [
                ("/api/search", "missing parameter q"),
                ("/api/search?q=%FF%FE", "not valid UTF-8"),
                ("/api/search?q=%E5%A4", "not valid UTF-8"),
                ("/api/search?q=%G1", "malformed percent escape"),
                ("/api/search?q=\(String(repeating: "复", count: 501))", "query too long"),
                ("/api/search?q=a&limit=101", "over the limit of 100"),
                ("/api/search?q=a&limit=-1", "limit must be a whole number"),
                ("/api/search?q=a&offset=x", "offset must be a whole number"),
                ("/api/search?q=a&sort=bogus", "unknown sort order 'bogus'"),
                ("/api/search?q=a&facets=year,bogus", "unknown facet 'bogus'"),
            ]
            for (uri, message) in cases {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .badRequest, uri)
                let error = try Self.object(r.body)["error"] as? String ?? ""
                XCTAssertTrue(error.contains(message), "\(uri): \(error)")
            }
            // 500 characters is still fine.
            let ok = try await client.execute(uri: "/api/search?q=\(Self.encode(String(repeating: "复", count: 500)))", method: .get)
            XCTAssertEqual(ok.status, .ok)
        }
    }

    func testReportsByIDAndNothingElse() async throws {
        var req = SearchRequest(query: "复议")
        req.limit = 100
        req.facets = []
        let indexed = Dictionary(uniqueKeysWithValues: try Searcher(indexPath: Self.indexPath).search(req).hits.map { ($0.id, $0.stored) })
        try await app().test(.router) { client in
            let s = try await client.execute(uri: "/api/search?q=\(Self.encode("复议"))&limit=100", method: .get)
            let hits = try XCTUnwrap(try Self.object(s.body)["hits"] as? [[String: Any]])
            XCTAssertEqual(hits.count, indexed.count)
            for hit in hits {
                let id = try XCTUnwrap(hit["id"] as? String)
                let path = try XCTUnwrap(hit["path"] as? String)
                let r = try await client.execute(uri: "/api/reports/\(id)?text=1", method: .get)
                XCTAssertEqual(r.status, .ok)
                let o = try Self.object(r.body)
                XCTAssertEqual(o["id"] as? String, id)
                XCTAssertEqual(o["path"] as? String, path)
                let copies = try XCTUnwrap(o["copies"] as? [[String: String]])
                XCTAssertEqual(copies.map { $0["path"] }, indexed[id]?.copies.map(\.path), "the report's other files, as the index holds them")
                XCTAssertEqual(copies.map { $0["path"] }, (hit["copies"] as? [[String: String]])?.map { $0["path"] }, "as in its hit")
                let text = try XCTUnwrap(o["text"] as? String)
                let oracle = try XCTUnwrap(try TextOracle.text(path), path)
                XCTAssertEqual(Self.squeezed(text), Self.squeezed(oracle), "the text of \(path), white space aside")
                if path.hasSuffix(".txt"), let utf8 = try? String(contentsOfFile: path, encoding: .utf8) {
                    XCTAssertEqual(text, utf8, "a UTF-8 text file is served as written")
                }
                let sections = try XCTUnwrap(o["sections"] as? [[String: Any]])
                XCTAssertEqual(sections.map { $0["key"] as? String }, indexed[id]?.sections.map { $0.key.rawValue }, "the sections the index holds")
                XCTAssertNotNil(o["statistics"])
            }

            for uri in ["/api/reports/0000000000000000", "/api/reports/nothex", "/api/reports/..%2F..%2Fetc%2Fpasswd",
                        "/api/reports/../../etc/passwd", "/etc/passwd", "/Public/", "/api/"] {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .notFound, uri)
                XCTAssertNotNil(try Self.object(r.body)["error"] as? String, uri)
            }
        }
    }

    func testHealthMetricsOpenAPIAndPage() async throws {
        try await app().test(.router) { client in
            let h = try await client.execute(uri: "/health", method: .get)
            XCTAssertEqual(h.status, .ok)
            XCTAssertEqual(try Self.object(h.body)["documents"] as? Int, Self.indexed)
            XCTAssertEqual(Self.indexed, try Self.seedCount(), "each seed with its copy is one report")

            func searches200() async throws -> Int {
                let m = try await client.execute(uri: "/metrics", method: .get)
                XCTAssertEqual(m.status, .ok)
                let line = String(buffer: m.body).split(separator: "\n")
                    .first { $0.hasPrefix("govsearch_http_requests_total{route=\"/api/search\",status=\"200\"}") }
                return line.flatMap { Int($0.split(separator: " ").last!) } ?? 0
            }
            let before = try await searches200()
            for _ in 0..<3 { _ = try await client.execute(uri: "/api/search?q=x", method: .get) }
            _ = try await client.execute(uri: "/api/search?q=%22", method: .get)  // a 400, not counted as 200
            let after = try await searches200()
            XCTAssertEqual(after - before, 3)

            let spec = try await client.execute(uri: "/openapi.json", method: .get)
            XCTAssertEqual(spec.status, .ok)
            let o = try Self.object(spec.body)
            XCTAssertTrue((o["openapi"] as? String ?? "").hasPrefix("3."))
            let paths = try XCTUnwrap(o["paths"] as? [String: Any])
            for p in ["/api/search", "/api/reports/{id}", "/health", "/metrics"] { XCTAssertNotNil(paths[p], p) }

            let page = try await client.execute(uri: "/?q=\(Self.encode("复议"))", method: .get)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(String(buffer: page.body).contains("<script src=\"/app.js\""))
            XCTAssertEqual(page.headers[.contentType], "text/html; charset=utf-8")
        }
    }

    /// A re-run of the indexer is seen by the running server without a restart.
    func testPicksUpReindexWithoutRestart() async throws {
        let fm = FileManager.default
        let base = URL(fileURLWithPath: try TempDir.make("serve-reindex"))
        let corpus = base.appendingPathComponent("corpus")
        try fm.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: base) }
        // The seeds only: a seed held back while its copy is indexed would join the copy's report.
        let names = try TestPaths.fixtureNames().filter { !$0.contains("_from_") }
        let withWord = try Self.naiveMatches("复议")
        // Hold back one file that has the word.
        let heldBack = try XCTUnwrap(names.first { n in
            let real = URL(fileURLWithPath: Self.fixtures + "/" + n).resolvingSymlinksInPath().path
            return withWord.contains(ReportID.make(forRealPath: real))
        })
        for n in names where n != heldBack {
            try fm.copyItem(atPath: Self.fixtures + "/" + n, toPath: corpus.path + "/" + n)
        }
        let index = base.appendingPathComponent("index").path
        _ = try Indexer(.init(roots: [corpus.path], indexPath: index)).run()
        let truthBefore = try Self.naiveMatches("复议", in: corpus.path).count

        try await app(index).test(.router) { client in
            let uri = "/api/search?q=\(Self.encode("复议"))&limit=0"
            let a = try await client.execute(uri: uri, method: .get)
            XCTAssertEqual(try Self.object(a.body)["total"] as? Int, truthBefore)

            try fm.copyItem(atPath: Self.fixtures + "/" + heldBack, toPath: corpus.path + "/" + heldBack)
            _ = try Indexer(.init(roots: [corpus.path], indexPath: index)).run()

            let b = try await client.execute(uri: uri, method: .get)
            XCTAssertEqual(try Self.object(b.body)["total"] as? Int, truthBefore + 1)
        }
    }

    func testMissingIndexFailsAtStartWithTheCLIMessage() {
        XCTAssertThrowsError(try SearchServer.buildApplication(ServerOptions(indexPath: "/nonexistent/govsearch-index"))) {
            XCTAssertEqual("\($0)", "\(GovSearchError.noIndex(path: "/nonexistent/govsearch-index"))")
        }
    }
}

/// The pool bounds concurrent searches: with one searcher and no waiting
/// room, a second request while the first runs is refused at once.
final class SearcherPoolTests: XCTestCase {
    func testBusyWhenFullAndFreeAfterwards() async throws {
        let dir = URL(fileURLWithPath: try TempDir.make("pool-test"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = dir.appendingPathComponent("index").path
        _ = try Indexer(.init(roots: [ServerTests.fixtures], indexPath: index)).run()

        let pool = try SearcherPool(indexPath: index, capacity: 1, maxWaiting: 0, timeout: 60)
        let started = DispatchSemaphore(value: 0)
        let finish = DispatchSemaphore(value: 0)
        let first = Task { try await pool.withSearcher { s -> Int in started.signal(); finish.wait(); return try s.documentCount() } }
        await withCheckedContinuation { c in DispatchQueue.global().async { started.wait(); c.resume() } }
        XCTAssertEqual(pool.load.running, 1)
        do {
            _ = try await pool.withSearcher { try $0.documentCount() }
            XCTFail("a second search must be refused while the only searcher is busy")
        } catch let f as SearcherPool.Failure {
            XCTAssertEqual(f, .busy)
        }
        finish.signal()
        let n = try await first.value
        XCTAssertEqual(n, try ServerTests.seedCount())
        let again = try await pool.withSearcher { try $0.documentCount() }
        XCTAssertEqual(again, n)
        XCTAssertEqual(pool.load.running, 0)
        XCTAssertEqual(pool.load.open, 1)
    }
}

/// /api/trend and /api/stats answer what `trend`/`stats --format json` print.
final class ResearchEndpointTests: XCTestCase {
    func testTrendAndStatsAreTheCLIObjects() async throws {
        let searcher = try Searcher(indexPath: ServerTests.indexPath)
        let trend = try searcher.trend("复议", by: .year).json()
        let stats = try searcher.stats("", by: .year, fields: ["new_applications", "granted"]).json()
        let missing = try searcher.stats("", by: .year, fields: ["reconsideration"], collectMissing: true).json()
        let panel = try searcher.stats("", by: .agency, thenBy: .year, fields: ["new_applications"]).json()
        XCTAssertTrue(stats.contains("\"coverage\":"))
        // Independent check: the trend counts the naive number of files with the word.
        let o = try JSON.object(trend)
        XCTAssertEqual(o["matches"] as? Int, try ServerTests.naiveMatches("复议").count)

        try await SearchServer.buildApplication(ServerOptions(indexPath: ServerTests.indexPath)).test(.router) { client in
            let t = try await client.execute(uri: "/api/trend?q=\(ServerTests.encode("复议"))&by=year", method: .get)
            XCTAssertEqual(t.status, .ok)
            XCTAssertEqual(String(buffer: t.body), trend)
            let s = try await client.execute(uri: "/api/stats?by=year&fields=new_applications,granted", method: .get)
            XCTAssertEqual(s.status, .ok)
            XCTAssertEqual(String(buffer: s.body), stats)
            let m = try await client.execute(uri: "/api/stats?by=year&fields=reconsideration&missing=1", method: .get)
            XCTAssertEqual(String(buffer: m.body), missing)
            let p = try await client.execute(uri: "/api/stats?by=agency,year&fields=new_applications", method: .get)
            XCTAssertEqual(String(buffer: p.body), panel)
            XCTAssertTrue(panel.contains("\"by\":\"agency,year\""), panel)
            XCTAssertNotNil(try ServerTests.object(m.body)["missing"] as? [Any])
            for uri in ["/api/trend?by=bogus", "/api/stats?by=section", "/api/stats?fields=bogus", "/api/stats?agg=bogus", "/api/trend?q=%22"] {
                let r = try await client.execute(uri: uri, method: .get)
                XCTAssertEqual(r.status, .badRequest, uri)
                XCTAssertNotNil(try ServerTests.object(r.body)["error"] as? String, uri)
            }
        }
    }
}

/// A repeated search is answered from the cache, byte for byte the same;
/// a commit to the index empties it.
final class ResponseCacheTests: XCTestCase {
    func testRepeatedSearchHitsTheCacheUntilTheIndexChanges() async throws {
        let service = try SearchService(ServerOptions(indexPath: ServerTests.indexPath))
        let uri = "/api/search?q=\(ServerTests.encode("复议"))&limit=5"
        try await Application(responder: service.router().buildResponder()).test(.router) { client in
            let a = try await client.execute(uri: uri, method: .get)
            let before = service.cache.counts
            let b = try await client.execute(uri: uri, method: .get)
            XCTAssertEqual(String(buffer: a.body), String(buffer: b.body))
            XCTAssertEqual(service.cache.counts.hits, before.hits + 1)
            // limit=6 is another answer.
            _ = try await client.execute(uri: uri.replacingOccurrences(of: "limit=5", with: "limit=6"), method: .get)
            XCTAssertEqual(service.cache.counts.misses, before.misses + 1)
        }
        let gen = try XCTUnwrap(ResponseCache.generation(of: ServerTests.indexPath))
        let cache = ResponseCache(maxEntries: 2)
        cache.put("a", "1", generation: gen)
        XCTAssertEqual(cache.get("a", generation: gen), "1")
        XCTAssertNil(cache.get("a", generation: gen + "x"), "another revision sees nothing")
        for k in ["b", "c", "d"] { cache.put(k, k, generation: gen) }
        XCTAssertLessThanOrEqual(cache.counts.entries, 2, "bounded")
        XCTAssertEqual(cache.get("d", generation: gen), "d", "the newest stays")
    }
}
