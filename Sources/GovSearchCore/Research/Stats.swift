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
/// A table that breaks its own totals (a failed consistency check) gives no
/// figures; the report's other tables still do. Such reports are counted in
/// `failed` (CONTRACT.md "Research output"). Each row says per figure how many
/// of the group's reports supplied it (`coverage`); `missing` lists the others.
public struct Stats: Sendable {
    public struct FailedReport: Sendable {
        public var id: String
        public var path: String
        public var year: Int?
        public var agency: String?
        /// The tables that break their totals (`appeals`, `requests`; all three in an older index).
        public var tables: [String] = []
        /// Figures the report's copies give otherwise than its primary file (whose figures count).
        public var disagreements: [StoredReport.CopyDisagreement] = []
    }

    /// A report of a group without one of the requested figures, and why.
    public struct MissingFigure: Sendable {
        public var figure: String
        public var id: String
        public var path: String
        public var reason: String
    }

    public struct Row: Sendable {
        /// The group's value of the key; nil for reports where it is unknown.
        public var value: String?
        /// The group's value of the second key (`--by agency,year`); nil when unknown or with one key.
        public var secondValue: String? = nil
        /// One aggregate per field, nil when no report of the group has the figure.
        public var values: [Double?]
        /// Matching reports in the group (failed ones included).
        public var reports: Int
        /// Reports of the group with a table that failed its checks.
        public var failed: Int
        public var failedReports: [FailedReport]
        /// Per field: the group's reports that supplied the figure (the ones aggregated).
        public var coverage: [Int]
        /// The group's reports without a figure, field by field (asked for with `collectMissing`).
        public var missing: [MissingFigure] = []
    }

    public var query: String
    /// The grouping key; nil: one row for every match.
    public var by: Facet?
    /// The second grouping key (`--by agency,year`: rows per agency and year); nil: one key.
    public var thenBy: Facet? = nil
    public var fields: [String]
    public var aggregation: Aggregation
    public var matches: Int
    public var rows: [Row]
    /// Whether the rows list their failed reports (asked for with `collectFailed`).
    public var listsFailedReports = false
    /// Whether the rows list the reports without a figure (asked for with `collectMissing`).
    public var listsMissing = false

    /// The name of the key column: `--by` as given, or `all`.
    public var keyName: String { by?.rawValue ?? "all" }

    /// The key columns: the first key's, then the second's.
    public var keyNames: [String] { [keyName] + (thenBy.map { [$0.rawValue] } ?? []) }

    /// The keys as `--by` takes them (`agency,year`).
    public var byText: String? { by.map { _ in keyNames.joined(separator: ",") } }

    /// The coverage column of a field in CSV and JSON Lines.
    public static func coverageColumn(_ field: String) -> String { field + "_coverage" }

    /// CSV and JSON Lines columns: the key named as in `--by`, one column per field as named, `failed`,
    /// then `<field>_coverage` per field (last, so the earlier columns keep their places).
    public var columns: [String] { keyNames + fields + ["failed"] + fields.map(Stats.coverageColumn) }

    /// One record per row, in `columns`.
    public var records: [Record] {
        rows.map { r in
            var rec = record(r)
            for (f, n) in zip(fields, r.coverage) { rec.append(Stats.coverageColumn(f), .int(n)) }
            return rec
        }
    }

    /// The key, the fields and `failed`: what every view of a row starts with.
    public func record(_ r: Row) -> Record {
        var rec = Record()
        rec.append(keyName, groupValue(r.value, by))
        if let thenBy { rec.append(thenBy.rawValue, groupValue(r.secondValue, thenBy)) }
        for (f, v) in zip(fields, r.values) { rec.append(f, v.map(FieldValue.double) ?? .null) }
        rec.append("failed", .int(r.failed))
        return rec
    }

    /// A group's key as written: a year is a number.
    public func groupValue(_ value: String?, _ key: Facet?) -> FieldValue {
        key == .year ? FieldValue(value.flatMap { Int($0) }) : FieldValue(value)
    }

    /// Columns of `missingRecords`: the group (with two keys, a column per key named as the key), then the report.
    public var missingColumns: [String] { (thenBy == nil ? ["group"] : keyNames) + ["figure", "id", "path", "reason"] }

    /// One record per report lacking a figure, group by group in row order.
    public var missingRecords: [Record] {
        rows.flatMap { r in
            r.missing.map { m in
                var rec = Record()
                if let thenBy {
                    rec.append(keyName, groupValue(r.value, by))
                    rec.append(thenBy.rawValue, groupValue(r.secondValue, thenBy))
                } else {
                    rec.append("group", groupValue(r.value, by))
                }
                for (name, value) in [("figure", m.figure), ("id", m.id), ("path", m.path), ("reason", m.reason)] { rec.append(name, .string(value)) }
                return rec
            }
        }
    }
}

extension Stats: JSONWritable {
    /// `{"query","by","aggregation","fields","matches","rows":[{key, fields…, "failed", "reports"[, "failed_reports"],
    /// "coverage": {field: n}}][, "missing": [{"group","figure","id","path","reason"}]]}`
    public func write(to w: JSONWriter) {
        w.object {
            w.key("query"); w.string(query)
            w.key("by"); w.optionalString(byText)
            w.key("aggregation"); w.string(aggregation.rawValue)
            w.key("fields"); w.array { for f in fields { w.element(); w.string(f) } }
            w.key("matches"); w.int(matches)
            w.key("rows")
            w.array {
                for r in rows {
                    w.element()
                    w.object {
                        for (k, v) in record(r).fields { w.key(k); v.write(to: w) }
                        w.key("reports"); w.int(r.reports)
                        if listsFailedReports {
                            w.key("failed_reports")
                            w.array { for f in r.failedReports { w.element(); f.write(to: w) } }
                        }
                        // Keyed by the field as typed, like the figures; JSON keys are unique, so a field typed twice is written once.
                        w.key("coverage")
                        w.object {
                            var seen = Set<String>()
                            for (f, n) in zip(fields, r.coverage) where seen.insert(f).inserted { w.key(f); w.int(n) }
                        }
                    }
                }
            }
            if listsMissing {
                w.key("missing")
                w.array { for m in missingRecords { w.element(); m.write(to: w) } }
            }
        }
    }
}

extension Stats.FailedReport: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.reportNaming(id: id, path: path, year: year, agency: agency)
            w.key("tables"); w.array { for t in tables { w.element(); w.string(t) } }
            w.key("copies_disagree")
            w.array { for d in disagreements { w.element(); d.write(to: w) } }
        }
    }
}

extension Searcher {
    /// Aggregates statistics figures (`FigureAccess.names`) over every report
    /// matching `query` (empty: all reports), grouped by `by`.
    ///
    /// Streams over the matches in chunks (`forEachMatch`): memory does not
    /// grow with the number of reports, except for `.median`, which keeps the
    /// figures of each group, and `collectMissing`, which keeps one entry per
    /// report and field without the figure.
    ///
    /// ```swift
    /// let st = try searcher.stats("", by: .agency, thenBy: .year, fields: ["new_applications", "granted"])
    /// for r in st.rows { print(r.value ?? "unknown", r.values, r.failed) }
    /// ```
    /// `thenBy` groups each group again (`--by agency,year`): a row per pair of values.
    public func stats(_ query: String, by: Facet?, thenBy: Facet? = nil, fields: [String], aggregation: Aggregation = .sum,
                      collectFailed: Bool = false, collectMissing: Bool = false) throws -> Stats {
        try StatsRequest.checkGrouping(by, thenBy)
        let names = try fields.map(Stats.canonicalField)
        final class Group {
            var sums: [Int]
            var have: [Int]
            var values: [[Int]]
            var reports = 0
            var failed = 0
            var failedReports: [Stats.FailedReport] = []
            var missing: [Stats.MissingFigure] = []
            init(_ n: Int) { sums = Array(repeating: 0, count: n); have = Array(repeating: 0, count: n); values = Array(repeating: [], count: n) }
        }
        /// A group's values of the keys.
        struct GroupKey: Hashable { var first: String?; var second: String? }
        func value(_ key: Facet?, _ s: StoredReport) -> String? {
            guard let key else { return "all" }
            return IndexSchema.field(key).value(s)
        }
        var groups: [GroupKey: Group] = [:]
        var matches = 0
        try forEachMatchData(query) { _, _, data, _ in
            guard let s = StoredReport.decode(data) else { return }
            matches += 1
            let key = GroupKey(first: value(by, s), second: thenBy.flatMap { value($0, s) })
            let g = groups[key] ?? { let g = Group(names.count); groups[key] = g; return g }()
            g.reports += 1
            let coverage = FigureCoverage(s)
            let broken = coverage.brokenTables
            if !broken.isEmpty { g.failed += 1 }
            if collectFailed && (!broken.isEmpty || !s.disagreements.isEmpty) {
                g.failedReports.append(.init(id: s.id, path: s.path, year: s.year, agency: s.agency, tables: broken,
                                             disagreements: s.disagreements))
            }
            for (i, n) in names.enumerated() {
                if let v = coverage.covered(n) {
                    g.sums[i] += v
                    g.have[i] += 1
                    if aggregation == .median { g.values[i].append(v) }
                } else if collectMissing {
                    g.missing.append(.init(figure: fields[i], id: s.id, path: s.path,
                                           reason: coverage.whyMissing(n)))
                }
            }
        }
        // Rows in the first key's order, each first-key value's rows in the second key's.
        var reportsOf: [String?: Int] = [:]
        for (k, g) in groups { reportsOf[k.first, default: 0] += g.reports }
        let keys = groups.keys.sorted { a, b in
            if a.first != b.first { return Stats.precedes(a.first, b.first, by: by, reports: { reportsOf[$0] ?? 0 }) }
            return Stats.precedes(a.second, b.second, by: thenBy, reports: { v in groups[GroupKey(first: a.first, second: v)]?.reports ?? 0 })
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
            return Stats.Row(value: k.first, secondValue: k.second, values: values, reports: g.reports, failed: g.failed, failedReports: g.failedReports,
                             coverage: g.have, missing: g.missing)
        }
        return Stats(query: query, by: by, thenBy: thenBy, fields: fields, aggregation: aggregation, matches: matches, rows: rows,
                     listsFailedReports: collectFailed, listsMissing: collectMissing)
    }
}

extension Stats {
    /// Whether group value `a` comes before `b` under key `key`: years ascending, levels from
    /// province down, other keys by their reports (most first), then by name; unknown last.
    static func precedes(_ a: String?, _ b: String?, by key: Facet?, reports: (String?) -> Int) -> Bool {
        switch key {
        case .year?: return (Int(a ?? "") ?? Int.max) < (Int(b ?? "") ?? Int.max)
        case .level?: return (Level.rank(a ?? ""), a ?? "\u{10FFFF}") < (Level.rank(b ?? ""), b ?? "\u{10FFFF}")
        default:
            if (a == nil) != (b == nil) { return b == nil }
            return (reports(b), a ?? "") < (reports(a), b ?? "")
        }
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
