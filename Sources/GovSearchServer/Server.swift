import Foundation
import GovSearchCore
import Hummingbird
import Reports

/// Settings of `govsearch serve`.
public struct ServerOptions: Sendable {
    public var indexPath: String
    public var host = "127.0.0.1"
    public var port = 8080
    /// Searches run at once (one Xapian handle each).
    public var maxConcurrentSearches = 2 * ProcessInfo.processInfo.activeProcessorCount
    /// Requests that may wait for a free searcher; more get 503 at once.
    public var maxWaiting = 256
    /// Seconds a request may wait for a free searcher before 503.
    public var queueTimeout = 2.0
    public var maxQueryLength = 500
    public var maxLimit = 100
    public var maxOffset = 10_000
    /// Answers kept per index revision (0: no cache).
    public var cacheEntries = 2048

    public init(indexPath: String) { self.indexPath = indexPath }
}

/// The HTTP service: JSON API, metrics and the web page.
public enum SearchServer {
    /// Builds the application (routes, pool, static files). Throws the CLI's
    /// error when the index cannot be opened.
    public static func buildApplication(
        _ options: ServerOptions,
        onRunning: @escaping @Sendable (_ port: Int) -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let service = try SearchService(options)
        return Application(
            responder: ObservingResponder(inner: service.router().buildResponder(), metrics: service.metrics),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "govsearch"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? options.port) }
        )
    }

    /// Runs until SIGINT or SIGTERM, then finishes the requests in flight and returns.
    public static func run(_ options: ServerOptions, onRunning: @escaping @Sendable (_ port: Int) -> Void = { _ in }) async throws {
        let app = try buildApplication(options, onRunning: onRunning)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// JSON bodies and errors.
enum Reply {
    static func json(_ status: HTTPResponse.Status, _ body: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        let w = JSONWriter()
        w.object { w.key("error"); w.string(message) }
        return json(status, w.output, headers: headers)
    }

    static func text(_ body: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Wraps the whole router: every answer (404s of unknown paths and 405s
/// included) is counted in /metrics, errors become `{"error": …}`, and
/// safety headers are set.
struct ObservingResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    let inner: Inner
    let metrics: Metrics

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await inner.respond(to: request, context: context)
        } catch let e as HTTPError {
            response = Reply.error(e.status, e.body ?? e.status.reasonPhrase.lowercased())
        } catch let e as HTTPResponseError {
            response = Reply.error(e.status, e.status.reasonPhrase.lowercased())
        } catch {
            response = Reply.error(.internalServerError, "internal error")
        }
        if response.status.code >= 400 && response.headers[.contentType] == nil {
            // The router's own 404/405 answers have no body: give them the JSON error shape.
            let message = response.status == .notFound ? "no such endpoint: \(request.method) \(request.uri.path)" : response.status.reasonPhrase.lowercased()
            var headers = response.headers
            headers[.contentLength] = nil
            response = Reply.error(response.status, message, headers: headers)
        }
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        metrics.record(route: Metrics.route(of: request.uri.path), status: Int(response.status.code), seconds: seconds)
        return response
    }
}

/// The handlers.
final class SearchService: Sendable {
    let options: ServerOptions
    let pool: SearcherPool
    let metrics = Metrics()
    let files: StaticFiles
    let cache: ResponseCache

    init(_ options: ServerOptions) throws {
        self.options = options
        cache = ResponseCache(maxEntries: options.cacheEntries)
        pool = try SearcherPool(indexPath: options.indexPath, capacity: options.maxConcurrentSearches,
                                maxWaiting: options.maxWaiting, timeout: options.queueTimeout)
        files = try StaticFiles.load()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.get("/api/search") { request, _ in await self.search(request) }
        router.get("/api/reports/:id") { request, context in
            await self.report(id: context.parameters.get("id") ?? "", request)
        }
        router.get("/api/trend") { request, _ in await self.trend(request) }
        router.get("/api/stats") { request, _ in await self.stats(request) }
        router.get("/health") { _, _ in await self.health() }
        router.get("/metrics") { _, _ in await self.metricsText() }
        for (path, file) in files.byPath {
            router.get(RouterPath(path)) { _, _ in file.response() }
        }
        return router
    }

    // MARK: - /api/search

    func search(_ request: Request) async -> Response {
        let params: [String: String]
        do { params = try QueryString.parse(request.uri.query) } catch let e as QueryString.Invalid {
            return Reply.error(.badRequest, e.message)
        } catch { return Reply.error(.badRequest, "bad query string") }

        guard let q = params["q"] else { return Reply.error(.badRequest, "missing parameter q (the query)") }
        if q.unicodeScalars.count > options.maxQueryLength {
            return Reply.error(.badRequest, "query too long: \(q.unicodeScalars.count) characters (at most \(options.maxQueryLength))")
        }
        var req = SearchRequest(query: q)
        req.figures = false  // not part of the search JSON
        do {
            req.limit = try intParam(params, "limit", default: 10, max: options.maxLimit)
            req.offset = try intParam(params, "offset", default: 0, max: options.maxOffset)
            if let s = params["sort"] { req.sort = try SortOrder(s) }
            if let f = params["facets"] { req.facets = try Self.facets(f) }
        } catch {
            return Reply.error(.badRequest, "\(error)")
        }
        let r = req
        let key = ["search", q, String(req.limit), String(req.offset), params["sort"] ?? "", req.facets.map(\.rawValue).joined(separator: ",")]
            .joined(separator: "\u{1}")
        return await cached(key) { searcher in try searcher.search(r).json() }
    }

    private func intParam(_ p: [String: String], _ name: String, default def: Int, max: Int) throws -> Int {
        guard let raw = p[name], !raw.isEmpty else { return def }
        guard let v = Int(raw), v >= 0 else {
            throw GovSearchError.badArgument("\(name) must be a whole number from 0 to \(max), not '\(raw)'")
        }
        guard v <= max else { throw GovSearchError.badArgument("\(name) \(v) is over the limit of \(max)") }
        return v
    }

    /// The CLI's `--facets` rule: comma-separated names; empty means none.
    static func facets(_ text: String) throws -> [Facet] {
        try text.split(separator: ",").map { name in
            guard let f = Facet(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw GovSearchError.badArgument("unknown facet '\(name)' (use \(Facet.allCases.map(\.rawValue).joined(separator: ",")))")
            }
            return f
        }
    }

    // MARK: - /api/trend, /api/stats (the `trend` and `stats` commands' JSON)

    /// Parameters with the query checks of /api/search; `q` may be empty (every report).
    private enum Parsed { case ok([String: String]), bad(Response) }

    private func researchParams(_ request: Request) -> Parsed {
        let params: [String: String]
        do { params = try QueryString.parse(request.uri.query) } catch let e as QueryString.Invalid {
            return .bad(Reply.error(.badRequest, e.message))
        } catch { return .bad(Reply.error(.badRequest, "bad query string")) }
        let q = params["q"] ?? ""
        if q.unicodeScalars.count > options.maxQueryLength {
            return .bad(Reply.error(.badRequest, "query too long: \(q.unicodeScalars.count) characters (at most \(options.maxQueryLength))"))
        }
        return .ok(params)
    }

    private static func facet(_ raw: String?, default def: Facet) throws -> Facet {
        guard let raw, !raw.isEmpty else { return def }
        guard let f = Facet(rawValue: raw) else {
            throw GovSearchError.badArgument("unknown value '\(raw)' for by (use \(Facet.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return f
    }

    func trend(_ request: Request) async -> Response {
        let params: [String: String]
        switch researchParams(request) { case let .ok(p): params = p; case let .bad(r): return r }
        let by: Facet, top: Int?
        do {
            by = try Self.facet(params["by"], default: .year)
            top = (params["top"] ?? "").isEmpty ? nil : try intParam(params, "top", default: 0, max: 10_000)
        } catch { return Reply.error(.badRequest, "\(error)") }
        let q = params["q"] ?? ""
        let key = ["trend", q, by.rawValue, top.map(String.init) ?? ""].joined(separator: "\u{1}")
        return await cached(key) { searcher in try searcher.trend(q, by: by, top: top).json() }
    }

    func stats(_ request: Request) async -> Response {
        let params: [String: String]
        switch researchParams(request) { case let .ok(p): params = p; case let .bad(r): return r }
        let by: Facet, names: [String], agg: Aggregation
        do {
            by = try Self.facet(params["by"], default: .year)
            if by == .section { throw GovSearchError.badArgument("stats cannot group by section (use year, agency, region, level or format)") }
            names = (params["fields"] ?? "new_applications,granted,withheld,reconsideration")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names.isEmpty { throw GovSearchError.badArgument("fields is empty") }
            for n in names { _ = try Stats.canonicalField(n) }
            let a = params["agg"] ?? "sum"
            guard let parsed = Aggregation(rawValue: a) else {
                throw GovSearchError.badArgument("unknown agg '\(a)' (use \(Aggregation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            agg = parsed
        } catch { return Reply.error(.badRequest, "\(error)") }
        let q = params["q"] ?? ""
        let showFailed = ["1", "true", "yes"].contains(params["show_failed"] ?? "")
        let key = ["stats", q, by.rawValue, names.joined(separator: ","), agg.rawValue, showFailed ? "1" : ""].joined(separator: "\u{1}")
        return await cached(key) { searcher in
            try searcher.stats(q, by: by, fields: names, aggregation: agg, collectFailed: showFailed).json(showFailed: showFailed)
        }
    }

    // MARK: - /api/reports/{id}

    func report(id: String, _ request: Request) async -> Response {
        guard Searcher.isReportID(id) else {
            return Reply.error(.notFound, "no report with id '\(id)' (ids are 16 hex digits, as in search hits)")
        }
        let params = (try? QueryString.parse(request.uri.query)) ?? [:]
        let withText = ["1", "true", "yes"].contains(params["text"] ?? "")
        return await run { searcher in
            guard let stored = try searcher.storedReport(id: id) else {
                return Reply.error(.notFound, "no report with id '\(id)' in the index")
            }
            // The path comes from the index, never from the request.
            let report: Report
            do { report = try ReportReader.read(path: stored.path) } catch {
                return Reply.error(.notFound, "report \(id) is in the index but its file can no longer be read: \(error)")
            }
            let w = JSONWriter()
            w.object {
                w.key("id"); w.string(id)
                if withText { w.key("text"); w.string(report.text) }
            }
            // {"id":…} + the inspect object's keys.
            let inspect = report.inspectJSON()
            let body = String(w.output.dropLast()) + "," + String(inspect.dropFirst())
            return Reply.json(.ok, body)
        }
    }

    // MARK: - /health, /metrics

    func health() async -> Response {
        await run { searcher in
            let n = try searcher.documentCount()
            let w = JSONWriter()
            w.object { w.key("status"); w.string("ok"); w.key("documents"); w.int(n) }
            return Reply.json(.ok, w.output)
        }
    }

    func metricsText() async -> Response {
        let docs = try? await pool.withSearcher { try $0.documentCount() }
        let text = metrics.render(pool: pool.load, capacity: pool.capacity, documents: docs, cache: cache.counts)
        return Reply.text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    // MARK: - running Xapian work

    /// A 200 JSON answer from the cache when this index revision has it, else
    /// computed with a pooled searcher and kept.
    private func cached(_ key: String, _ body: @escaping (Searcher) throws -> String) async -> Response {
        let gen = cache.enabled ? ResponseCache.generation(of: options.indexPath) : nil
        if let gen, let hit = cache.get(key, generation: gen) { return Reply.json(.ok, hit) }
        return await run { searcher in
            let json = try body(searcher)
            if let gen { self.cache.put(key, json, generation: gen) }
            return Reply.json(.ok, json)
        }
    }

    /// Runs `body` with a pooled searcher, mapping failures to JSON errors.
    private func run(_ body: @escaping (Searcher) throws -> Response) async -> Response {
        do {
            return try await pool.withSearcher(body)
        } catch let f as SearcherPool.Failure {
            metrics.recordRejected(reason: f == .busy ? "busy" : "timeout")
            var h = HTTPFields()
            h[.retryAfter] = "1"
            let why = f == .busy ? "too many requests waiting" : "no searcher free within \(options.queueTimeout) s"
            return Reply.error(.serviceUnavailable, "server busy: \(why); try again", headers: h)
        } catch let e as GovSearchError {
            switch e {
            case .badQuery, .badArgument: return Reply.error(.badRequest, "\(e)")
            case .notFound: return Reply.error(.notFound, "\(e)")
            case .noIndex, .locked, .index: return Reply.error(.serviceUnavailable, "\(e)")
            }
        } catch {
            return Reply.error(.internalServerError, "\(error)")
        }
    }
}

/// The page and its assets, read once from the bundle at start: requests
/// never name a file, so nothing outside these can be served.
struct StaticFiles: Sendable {
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String

        func response() -> Response {
            var h = HTTPFields()
            h[.contentType] = contentType
            h[.cacheControl] = "no-cache"
            h[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
            return Response(status: .ok, headers: h, body: .init(byteBuffer: bytes))
        }
    }

    var byPath: [String: File]

    static let served: [(path: String, file: String, type: String)] = [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/index.html", "index.html", "text/html; charset=utf-8"),
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "style.css", "text/css; charset=utf-8"),
        ("/openapi.json", "openapi.json", "application/json; charset=utf-8"),
    ]

    static func load() throws -> StaticFiles {
        guard let dir = Bundle.module.url(forResource: "Public", withExtension: nil) else {
            throw GovSearchError.badArgument("the web page resources are missing from the build (Public/)")
        }
        var out: [String: File] = [:]
        for s in served {
            let data = try Data(contentsOf: dir.appendingPathComponent(s.file))
            out[s.path] = File(bytes: ByteBuffer(bytes: data), contentType: s.type)
        }
        return StaticFiles(byPath: out)
    }
}
