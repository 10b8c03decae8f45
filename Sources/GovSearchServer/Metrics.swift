import Foundation

/// Request counters and latency histograms in the Prometheus text format,
/// written by hand (no metrics dependency).
final class Metrics: @unchecked Sendable {
    /// Histogram bucket upper bounds, seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private let lock = NSLock()
    private var requests: [String: [Int: Int]] = [:]
    private var latency: [String: Histogram] = [:]
    private var rejected: [String: Int] = [:]
    let started = Date()

    /// The route label of a path: the route template, never the raw path
    /// (keeps the label set small whatever clients send).
    static func route(of path: String) -> String {
        switch path {
        case "/", "/index.html": return "/"
        case "/api/search", "/api/trend", "/api/stats", "/api/export", "/health", "/metrics", "/openapi.json", "/app.js", "/style.css":
            return path
        default:
            guard path.hasPrefix("/api/reports/") else { return "other" }
            let rest = path.dropFirst("/api/reports/".count).split(separator: "/", omittingEmptySubsequences: false)
            if rest.count == 1 && !rest[0].isEmpty { return "/api/reports/{id}" }
            if rest.count == 2 && !rest[0].isEmpty && rest[1] == "file" { return "/api/reports/{id}/file" }
            return "other"
        }
    }

    func record(route: String, status: Int, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        requests[route, default: [:]][status, default: 0] += 1
        var h = latency[route] ?? Histogram()
        for (i, b) in Metrics.buckets.enumerated() where seconds <= b { h.counts[i] += 1 }
        h.sum += seconds
        h.count += 1
        latency[route] = h
    }

    func recordRejected(reason: String) {
        lock.lock(); defer { lock.unlock() }
        rejected[reason, default: 0] += 1
    }

    /// Count of requests seen for a route and status (tests).
    func count(route: String, status: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        return requests[route]?[status] ?? 0
    }

    func render(pool: (running: Int, waiting: Int, open: Int), capacity: Int, documents: Int?,
                cache: (hits: Int, misses: Int, entries: Int) = (0, 0, 0)) -> String {
        lock.lock(); defer { lock.unlock() }
        var o = ""
        o += "# HELP govsearch_http_requests_total HTTP requests by route and status code.\n"
        o += "# TYPE govsearch_http_requests_total counter\n"
        for route in requests.keys.sorted() {
            for (status, n) in requests[route]!.sorted(by: { $0.key < $1.key }) {
                o += "govsearch_http_requests_total{route=\"\(route)\",status=\"\(status)\"} \(n)\n"
            }
        }
        o += "# HELP govsearch_http_request_duration_seconds Time from request head to response head.\n"
        o += "# TYPE govsearch_http_request_duration_seconds histogram\n"
        for route in latency.keys.sorted() {
            let h = latency[route]!
            for (i, b) in Metrics.buckets.enumerated() {
                o += "govsearch_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(Metrics.format(b))\"} \(h.counts[i])\n"
            }
            o += "govsearch_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(h.count)\n"
            o += "govsearch_http_request_duration_seconds_sum{route=\"\(route)\"} \(String(format: "%.6f", h.sum))\n"
            o += "govsearch_http_request_duration_seconds_count{route=\"\(route)\"} \(h.count)\n"
        }
        o += "# HELP govsearch_searches_rejected_total Searches answered 503 because no searcher was free in time.\n"
        o += "# TYPE govsearch_searches_rejected_total counter\n"
        for reason in ["busy", "timeout"] {
            o += "govsearch_searches_rejected_total{reason=\"\(reason)\"} \(rejected[reason] ?? 0)\n"
        }
        o += "# HELP govsearch_searches_in_flight Searches running now.\n"
        o += "# TYPE govsearch_searches_in_flight gauge\n"
        o += "govsearch_searches_in_flight \(pool.running)\n"
        o += "# HELP govsearch_searches_waiting Requests waiting for a free searcher.\n"
        o += "# TYPE govsearch_searches_waiting gauge\n"
        o += "govsearch_searches_waiting \(pool.waiting)\n"
        o += "# HELP govsearch_searchers_max Most searches run at once.\n"
        o += "# TYPE govsearch_searchers_max gauge\n"
        o += "govsearch_searchers_max \(capacity)\n"
        o += "# HELP govsearch_cache_requests_total Answers looked up in the per-revision cache.\n"
        o += "# TYPE govsearch_cache_requests_total counter\n"
        o += "govsearch_cache_requests_total{result=\"hit\"} \(cache.hits)\n"
        o += "govsearch_cache_requests_total{result=\"miss\"} \(cache.misses)\n"
        o += "# HELP govsearch_cache_entries Answers in the cache.\n"
        o += "# TYPE govsearch_cache_entries gauge\n"
        o += "govsearch_cache_entries \(cache.entries)\n"
        if let documents {
            o += "# HELP govsearch_index_documents Reports in the index.\n"
            o += "# TYPE govsearch_index_documents gauge\n"
            o += "govsearch_index_documents \(documents)\n"
        }
        o += "# HELP govsearch_uptime_seconds Seconds since the server started.\n"
        o += "# TYPE govsearch_uptime_seconds gauge\n"
        o += "govsearch_uptime_seconds \(String(format: "%.3f", Date().timeIntervalSince(started)))\n"
        return o
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
