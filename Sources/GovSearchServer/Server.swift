import Foundation
import GovSearchCore
import GovSearchOutput
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
    var maxWaiting = 256
    /// Seconds a request may wait for a free searcher before 503.
    public var queueTimeout = 2.0
    public var maxQueryLength = 500
    public var maxLimit = 100
    public var maxOffset = 10_000
    /// Answers kept per index revision (0: no cache).
    public var cacheEntries = 2048
    /// Answer from the shards that can be opened when a remote one cannot (answers list the missing ones).
    public var allowPartial = false

    public init(indexPath: String) { self.indexPath = indexPath }
}

/// The HTTP service: JSON API, metrics and the web page.
public enum SearchServer {
    /// Builds the application (routes, pool, static files). Throws the CLI's
    /// error when the index cannot be opened.
    static func buildApplication(
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
    static func json(_ status: HTTPResponse.Status, _ value: some JSONWritable, headers: HTTPFields = [:]) -> Response {
        json(status, value.json(), headers: headers)
    }

    static func json(_ status: HTTPResponse.Status, _ body: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        json(status, ErrorObject(message: message), headers: headers)
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
        if response.status == .notFound && response.headers[.contentType] == nil && Metrics.route(of: request.uri.path) != "other" {
            // A path the API serves, asked with a method it does not: 405, saying which it does.
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            response = Reply.error(.methodNotAllowed, "method \(request.method) not allowed on \(request.uri.path) (use GET or HEAD)", headers: headers)
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
                                maxWaiting: options.maxWaiting, timeout: options.queueTimeout, allowPartial: options.allowPartial)
        files = try StaticFiles.load()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.get("/api/search") { request, _ in await self.search(request) }
        router.get("/api/reports/:id") { request, context in
            await self.report(id: context.parameters.get("id") ?? "", request)
        }
        router.get("/api/reports/:id/file") { request, context in
            await self.reportFile(id: context.parameters.get("id") ?? "", request)
        }
        router.get("/api/export") { request, _ in await self.export(request) }
        router.get("/api/trend") { request, _ in await self.trend(request) }
        router.get("/api/stats") { request, _ in await self.stats(request) }
        router.get("/health") { _, _ in await self.health() }
        router.get("/metrics") { _, _ in await self.metricsText() }
        for (path, file) in files.byPath {
            router.get(RouterPath(path)) { _, _ in file.response() }
        }
        return router
    }

    // MARK: - /api/search, /api/trend, /api/stats (the CLI's requests and JSON)

    func search(_ request: Request) async -> Response {
        await answer(request, requiresQuery: true, parse: SearchRequest.init) { req, params in
            ["search", req.query, String(req.limit), String(req.offset), params["sort"] ?? "", req.facets.map(\.rawValue).joined(separator: ",")]
        } compute: { searcher, req in
            var r = req
            r.figures = false  // not part of the search JSON
            return try searcher.search(r)
        }
    }

    func trend(_ request: Request) async -> Response {
        await answer(request, parse: TrendRequest.init) { req, _ in
            ["trend", req.query, req.by.rawValue, req.top.map(String.init) ?? ""]
        } compute: { searcher, req in try searcher.trend(req) }
    }

    func stats(_ request: Request) async -> Response {
        switch parameters(request) {
        case let .bad(r): return r
        case let .ok(params):
            switch params["format"] ?? "json" {
            case "json": break
            case "csv": return await statsCSV(params)
            case let other: return Reply.error(.badRequest, "unknown format '\(other)' (use json or csv)")
            }
        }
        return await answer(request, parse: StatsRequest.init) { req, _ in
            ["stats", req.query, req.by.rawValue + (req.thenBy.map { "," + $0.rawValue } ?? ""), req.fields.joined(separator: ","), req.aggregation.rawValue, req.showFailed ? "1" : "", req.missing ? "1" : ""]
        } compute: { searcher, req in try searcher.stats(req) }
    }

    /// `/api/stats?format=csv`: the bytes of `govsearch stats --format csv` (with `missing=1`,
    /// the reports without a figure instead of the rows, as there), not cached.
    private func statsCSV(_ params: [String: String]) async -> Response {
        let req: StatsRequest
        do { req = try StatsRequest(requestOptions(params)) } catch { return Reply.error(.badRequest, "\(error)") }
        return await run { searcher in
            let st = try searcher.stats(req)
            var bytes: [UInt8] = []
            let out = Output(sink: { bytes += $0 })
            try st.write(format: .csv, bom: false, to: out)
            try out.flush()
            var h = HTTPFields()
            h[.contentType] = "text/csv; charset=utf-8"
            h[.cacheControl] = "no-store"
            let keys = st.keyNames.joined(separator: "-")
            h[.contentDisposition] = "attachment; filename=\"govsearch-stats-\(keys).csv\""
            return Response(status: .ok, headers: h, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Parses the query string into the core's request (a 400 on a bad one)
    /// and answers from the cache, keyed by what the request computes.
    private func answer<R: Sendable, Answer: JSONWritable>(
        _ request: Request, requiresQuery: Bool = false,
        parse: (RequestOptions) throws -> R,
        cacheKey: (R, [String: String]) -> [String],
        compute: @escaping @Sendable (Searcher, R) throws -> Answer
    ) async -> Response {
        let params: [String: String]
        switch parameters(request) { case let .ok(p): params = p; case let .bad(r): return r }
        if requiresQuery, params["q"] == nil { return Reply.error(.badRequest, "missing parameter q (the query)") }
        let req: R
        do { req = try parse(requestOptions(params)) } catch { return Reply.error(.badRequest, "\(error)") }
        return await cached(cacheKey(req, params).joined(separator: "\u{1}")) { searcher in try compute(searcher, req) }
    }

    private enum Parsed { case ok([String: String]), bad(Response) }

    /// Yes/no parameters and the values they take (the OpenAPI document lists the same).
    static let flags = ["text", "sections", "figures", "show_failed", "missing"]
    static let flagValues = ["0", "1", "true", "false", "yes", "no"]
    /// Parameters that, when given, need a value (left out, they take their default;
    /// `q=`, `facets=` and `fields=` are values of their own).
    static let nonEmpty = ["limit", "offset", "top", "by", "sort", "agg", "format", "copy"]

    /// The decoded query string, or the 400 answer (a yes/no parameter with another value included).
    private func parameters(_ request: Request) -> Parsed {
        let params: [String: String]
        do { params = try QueryString.parse(request.uri.query) } catch let e as QueryString.Invalid {
            return .bad(Reply.error(.badRequest, e.message))
        } catch { return .bad(Reply.error(.badRequest, "bad query string")) }
        for name in Self.nonEmpty where params[name] == "" {
            return .bad(Reply.error(.badRequest, "\(name) is empty (leave it out for the default)"))
        }
        for name in ["facets", "fields"] {
            guard let v = params[name], !v.isEmpty else { continue }
            if v.split(separator: ",", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0.trimmingCharacters(in: .whitespaces) != $0 }) {
                return .bad(Reply.error(.badRequest, "\(name) must be names separated by commas, with no empty or padded item: '\(v)'"))
            }
        }
        for name in Self.flags {
            if let v = params[name], !Self.flagValues.contains(v) {
                return .bad(Reply.error(.badRequest, "\(name) must be 1 or 0 (or true/false, yes/no), not '\(v)'"))
            }
        }
        return .ok(params)
    }

    /// The parameters as request options, with this server's bounds.
    private func requestOptions(_ params: [String: String]) -> RequestOptions {
        var o = RequestOptions(params, spelling: .queryString)
        o.maxQueryLength = options.maxQueryLength
        o.maxLimit = options.maxLimit
        o.maxOffset = options.maxOffset
        o.maxTop = 10_000
        return o
    }

    // MARK: - /api/reports/{id}

    func report(id: String, _ request: Request) async -> Response {
        guard Searcher.isReportID(id) else {
            return Reply.error(.notFound, "no report with id '\(id)' (ids are 16 hex digits, as in search hits)")
        }
        let params: [String: String]
        switch parameters(request) { case let .ok(p): params = p; case let .bad(r): return r }
        let withText = ["1", "true", "yes"].contains(params["text"] ?? "")
        let query = params["q"] ?? ""
        if query.unicodeScalars.count > options.maxQueryLength {
            return Reply.error(.badRequest, "query too long: \(query.unicodeScalars.count) characters (at most \(options.maxQueryLength))")
        }
        if !query.isEmpty {
            do { _ = try QueryParser.parse(query) } catch { return Reply.error(.badRequest, "\(error)") }
        }
        return await run { searcher in
            guard let stored = try searcher.storedReport(id: id) else {
                return Reply.error(.notFound, "no report with id '\(id)' in the index")
            }
            // The path comes from the index, never from the request.
            let report: Report
            do { report = try searcher.report(stored) } catch {
                return Reply.error(.notFound, "report \(id) is in the index but its file can no longer be read: \(error)")
            }
            // With q: where the query's words stand in the text, as the search matches them.
            let highlights = query.isEmpty ? nil : try TextMarks.highlights(query: query, in: report)
            return Reply.json(.ok, ReportAnswer(id: id, copies: stored.copies, report: report, withText: withText, highlights: highlights))
        }
    }

    // MARK: - /api/reports/{id}/file

    func reportFile(id: String, _ request: Request) async -> Response {
        guard Searcher.isReportID(id) else {
            return Reply.error(.notFound, "no report with id '\(id)' (ids are 16 hex digits, as in search hits)")
        }
        let params: [String: String]
        switch parameters(request) { case let .ok(p): params = p; case let .bad(r): return r }
        var copy: Int?
        if let raw = params["copy"] {
            guard !raw.isEmpty, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return Reply.error(.badRequest, "copy must be a whole number from 0 (the index in the report's copies), not '\(raw)'")
            }
            // A whole number too large for Int is past the last copy all the same: 404, as the document says.
            copy = Int(raw) ?? Int.max
        }
        return await run { searcher in
            guard let stored = try searcher.storedReport(id: id) else {
                return Reply.error(.notFound, "no report with id '\(id)' in the index")
            }
            return ReportFile.response(stored, copy: copy)
        }
    }

    // MARK: - /api/export (streamed, the bytes of `govsearch export`)

    func export(_ request: Request) async -> Response {
        let params: [String: String]
        switch parameters(request) { case let .ok(p): params = p; case let .bad(r): return r }
        let req: ExportRequest
        do { req = try ExportRequest(requestOptions(params)) } catch { return Reply.error(.badRequest, "\(error)") }
        let format: OutputFormat
        let type: String
        switch params["format"] ?? "jsonl" {
        case "csv": (format, type) = (.csv, "text/csv; charset=utf-8")
        case "jsonl": (format, type) = (.jsonl, "application/x-ndjson; charset=utf-8")
        case let other: return Reply.error(.badRequest, "unknown format '\(other)' (use csv or jsonl)")
        }
        let pipe = BytePipe()
        Task {
            do {
                try await pool.withSearcher { searcher in
                    do { try ExportWriter.validate(req, searcher: searcher) } catch {
                        pipe.begin(error)
                        return
                    }
                    pipe.begin(nil)
                    do {
                        _ = try ExportWriter.write(req, searcher: searcher, format: format, to: Output(sink: pipe.send)) { _ in }
                        pipe.finish()
                    } catch {
                        pipe.finish(failed: true)
                    }
                }
            } catch {
                pipe.begin(error)  // no searcher: busy, or the index cannot be opened
                pipe.finish(failed: true)
            }
        }
        if case let .failure(error) = await pipe.waitForStart() { return errorResponse(error) }
        var h = HTTPFields()
        h[.contentType] = type
        h[.cacheControl] = "no-store"
        h[.contentDisposition] = "attachment; filename=\"govsearch-export\(req.sections ? "-sections" : req.figures ? "-figures" : "").\(format.rawValue)\""
        return Response(status: .ok, headers: h, body: pipe.body())
    }

    // MARK: - /health, /metrics

    func health() async -> Response {
        await run { searcher in
            let n = try searcher.documentCount()
            return Reply.json(.ok, HealthAnswer(documents: n))
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
    private func cached(_ key: String, _ body: @escaping (Searcher) throws -> some JSONWritable) async -> Response {
        let gen = cache.enabled ? ResponseCache.generation(of: options.indexPath) : nil
        if let gen, let hit = cache.get(key, generation: gen) { return Reply.json(.ok, hit) }
        return await run { searcher in
            let json = try body(searcher).json()
            if let gen { self.cache.put(key, json, generation: gen) }
            return Reply.json(.ok, json)
        }
    }

    /// Runs `body` with a pooled searcher, mapping failures to JSON errors.
    private func run(_ body: @escaping (Searcher) throws -> Response) async -> Response {
        do {
            return try await pool.withSearcher(body)
        } catch {
            return errorResponse(error)
        }
    }

    /// The answer to a failure of a pooled search.
    private func errorResponse(_ error: Error) -> Response {
        switch error {
        case let f as SearcherPool.Failure:
            metrics.recordRejected(reason: f == .busy ? "busy" : "timeout")
            var h = HTTPFields()
            h[.retryAfter] = "1"
            let why = f == .busy ? "too many requests waiting" : "no searcher free within \(options.queueTimeout) s"
            return Reply.error(.serviceUnavailable, "server busy: \(why); try again", headers: h)
        case let e as GovSearchError:
            switch e {
            case .badQuery, .badArgument: return Reply.error(.badRequest, "\(e)")
            case .notFound: return Reply.error(.notFound, "\(e)")
            case .noIndex, .locked, .index: return Reply.error(.serviceUnavailable, "\(e)")
            }
        default:
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
