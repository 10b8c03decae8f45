import Foundation
import Reports

/// How `stats` combines a figure over the reports of a group.
public enum Aggregation: String, CaseIterable, Sendable {
    /// Sum of the figure over reports that have it.
    case sum
    /// Mean over reports that have it.
    case mean
    /// Median over reports that have it (keeps the group's values in memory).
    case median
    /// Number of reports that have the figure.
    case count
}

/// Aggregates of statistics-table figures over matching reports, grouped
/// (`govsearch stats`).
///
/// Reports whose tables failed their consistency checks are not aggregated:
/// they are counted in `failed` (CONTRACT.md "Research output"). Reports
/// without tables (older formats) contribute nothing to the figures.
public struct Stats: Sendable {
    public struct FailedReport: Sendable {
        public var id: String
        public var path: String
        public var year: Int?
        public var agency: String?
    }

    public struct Row: Sendable {
        /// The group's value of the key; nil for reports where it is unknown.
        public var value: String?
        /// One aggregate per field, nil when no report of the group has the figure.
        public var values: [Double?]
        /// Matching reports in the group (failed ones included).
        public var reports: Int
        /// Reports of the group whose tables failed their checks.
        public var failed: Int
        public var failedReports: [FailedReport]
    }

    public var query: String
    /// The grouping key; nil: one row for every match.
    public var by: Facet?
    public var fields: [String]
    public var aggregation: Aggregation
    public var matches: Int
    public var rows: [Row]
    /// Whether the rows list their failed reports (asked for with `collectFailed`).
    public var listsFailedReports = false

    /// The name of the key column: `--by` as given, or `all`.
    public var keyName: String { by?.rawValue ?? "all" }

    /// Columns: the key named as in `--by`, one column per field as named, then `failed`.
    public var records: [Record] {
        rows.map { r in
            var rec = Record()
            rec.append(keyName, by == .year ? FieldValue(r.value.flatMap { Int($0) }) : FieldValue(r.value))
            for (f, v) in zip(fields, r.values) { rec.append(f, v.map(FieldValue.double) ?? .null) }
            rec.append("failed", .int(r.failed))
            return rec
        }
    }
}

extension Stats: JSONWritable {
    /// `{"query","by","aggregation","fields","matches","rows":[{key, fields…, "failed", "reports"[, "failed_reports"]}]}`
    public func write(to w: JSONWriter) {
        w.object {
            w.key("query"); w.string(query)
            w.key("by"); w.optionalString(by?.rawValue)
            w.key("aggregation"); w.string(aggregation.rawValue)
            w.key("fields"); w.array { for f in fields { w.element(); w.string(f) } }
            w.key("matches"); w.int(matches)
            w.key("rows")
            w.array {
                for (r, rec) in zip(rows, records) {
                    w.element()
                    w.object {
                        for (k, v) in rec.fields { w.key(k); v.write(to: w) }
                        w.key("reports"); w.int(r.reports)
                        if listsFailedReports {
                            w.key("failed_reports")
                            w.array { for f in r.failedReports { w.element(); f.write(to: w) } }
                        }
                    }
                }
            }
        }
    }
}

extension Stats.FailedReport: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object { w.reportNaming(id: id, path: path, year: year, agency: agency) }
    }
}

extension Searcher {
    /// Aggregates statistics figures (`FigureAccess.names`) over every report
    /// matching `query` (empty: all reports), grouped by `by`.
    ///
    /// Streams over the matches in chunks (`forEachMatch`): memory does not
    /// grow with the number of reports, except for `.median`, which keeps the
    /// figures of each group.
    ///
    /// ```swift
    /// let st = try searcher.stats("", by: .year, fields: ["new_applications", "granted"])
    /// for r in st.rows { print(r.value ?? "unknown", r.values, r.failed) }
    /// ```
    public func stats(_ query: String, by: Facet?, fields: [String], aggregation: Aggregation = .sum,
                      collectFailed: Bool = false) throws -> Stats {
        try StatsRequest.checkGrouping(by)
        let names = try fields.map(Stats.canonicalField)
        final class Group {
            var sums: [Int]
            var have: [Int]
            var values: [[Int]]
            var reports = 0
            var failed = 0
            var failedReports: [Stats.FailedReport] = []
            init(_ n: Int) { sums = Array(repeating: 0, count: n); have = Array(repeating: 0, count: n); values = Array(repeating: [], count: n) }
        }
        var groups: [String?: Group] = [:]
        var matches = 0
        try forEachMatchData(query) { _, _, data, _, _ in
            guard let s = StoredReport.decode(data) else { return }
            matches += 1
            let key: String?
            switch by {
            case nil: key = "all"
            case .year?: key = s.year.map(String.init)
            case .agency?: key = s.agency
            case .region?: key = s.region
            case .level?: key = s.level
            case .format?: key = s.format
            case .section?: key = nil
            }
            let g = groups[key] ?? { let g = Group(names.count); groups[key] = g; return g }()
            g.reports += 1
            if s.checksFailed == true {
                g.failed += 1
                if collectFailed { g.failedReports.append(.init(id: s.id, path: s.path, year: s.year, agency: s.agency)) }
                return
            }
            guard let figures = s.figures else { return }
            for (i, n) in names.enumerated() {
                guard let v = figures[n] else { continue }
                g.sums[i] += v
                g.have[i] += 1
                if aggregation == .median { g.values[i].append(v) }
            }
        }
        var keys = Array(groups.keys)
        switch by {
        case .year?: keys.sort { (Int($0 ?? "") ?? Int.max) < (Int($1 ?? "") ?? Int.max) }
        case .level?:
            keys.sort { (Level.rank($0 ?? ""), $0 ?? "\u{10FFFF}") < (Level.rank($1 ?? ""), $1 ?? "\u{10FFFF}") }
        default:
            keys.sort { a, b in
                let ga = groups[a]!, gb = groups[b]!
                if (a == nil) != (b == nil) { return b == nil }
                return (gb.reports, a ?? "") < (ga.reports, b ?? "")
            }
        }
        let rows = keys.map { k -> Stats.Row in
            let g = groups[k]!
            let values: [Double?] = names.indices.map { i in
                guard g.have[i] > 0 else { return aggregation == .count ? 0 : nil }
                switch aggregation {
                case .sum: return Double(g.sums[i])
                case .mean: return Double(g.sums[i]) / Double(g.have[i])
                case .count: return Double(g.have[i])
                case .median:
                    let v = g.values[i].sorted()
                    let n = v.count
                    return n % 2 == 1 ? Double(v[n / 2]) : (Double(v[n / 2 - 1]) + Double(v[n / 2])) / 2
                }
            }
            return Stats.Row(value: k, values: values, reports: g.reports, failed: g.failed, failedReports: g.failedReports)
        }
        return Stats(query: query, by: by, fields: fields, aggregation: aggregation, matches: matches, rows: rows,
                     listsFailedReports: collectFailed)
    }
}

extension Stats {
    /// Field aliases users may type (the generator's and the tables' names).
    static let aliases: [String: String] = [
        "applications": "new_applications", "applications_new": "new_applications",
        "applications_carried_over": "carried_over", "reconsideration_total": "reconsideration",
        "litigation_total": "litigation", "other": "other_handling",
    ]

    /// The figure name for a field as typed; throws for an unknown one.
    static func canonicalField(_ name: String) throws -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        let c = aliases[n] ?? n
        guard FigureAccess.names.contains(c) else {
            throw GovSearchError.badArgument("unknown field '\(n)' (figures: \(FigureAccess.names.joined(separator: ",")))")
        }
        return c
    }
}
