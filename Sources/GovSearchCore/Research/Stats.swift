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

    /// The coverage column of a field in CSV and JSON Lines.
    public static func coverageColumn(_ field: String) -> String { field + "_coverage" }

    /// CSV and JSON Lines columns: the key named as in `--by`, one column per field as named, `failed`,
    /// then `<field>_coverage` per field (last, so the earlier columns keep their places).
    public var columns: [String] { [keyName] + fields + ["failed"] + fields.map(Stats.coverageColumn) }

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
        rec.append(keyName, groupValue(r.value))
        for (f, v) in zip(fields, r.values) { rec.append(f, v.map(FieldValue.double) ?? .null) }
        rec.append("failed", .int(r.failed))
        return rec
    }

    /// A group's key as written: a year is a number.
    public func groupValue(_ value: String?) -> FieldValue {
        by == .year ? FieldValue(value.flatMap { Int($0) }) : FieldValue(value)
    }

    /// Columns of `missingRecords`.
    public static let missingColumns = ["group", "figure", "id", "path", "reason"]

    /// One record per report lacking a figure, group by group in row order.
    public var missingRecords: [Record] {
        rows.flatMap { r in
            r.missing.map { m in
                Record([("group", groupValue(r.value)), ("figure", .string(m.figure)), ("id", .string(m.id)),
                        ("path", .string(m.path)), ("reason", .string(m.reason))])
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
            w.key("by"); w.optionalString(by?.rawValue)
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
    /// let st = try searcher.stats("", by: .year, fields: ["new_applications", "granted"])
    /// for r in st.rows { print(r.value ?? "unknown", r.values, r.failed) }
    /// ```
    public func stats(_ query: String, by: Facet?, fields: [String], aggregation: Aggregation = .sum,
                      collectFailed: Bool = false, collectMissing: Bool = false) throws -> Stats {
        try StatsRequest.checkGrouping(by)
        let names = try fields.map(Stats.canonicalField)
        let tables = names.map(FigureAccess.table(of:))
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
            let broken = s.checksFailed == true ? (s.brokenTables ?? Stats.allTables) : []
            if !broken.isEmpty { g.failed += 1 }
            if collectFailed && (!broken.isEmpty || !s.disagreements.isEmpty) {
                g.failedReports.append(.init(id: s.id, path: s.path, year: s.year, agency: s.agency, tables: broken,
                                             disagreements: s.disagreements))
            }
            for (i, n) in names.enumerated() {
                if let v = s.figures?[n], broken.isEmpty || !broken.contains(tables[i]) {
                    g.sums[i] += v
                    g.have[i] += 1
                    if aggregation == .median { g.values[i].append(v) }
                } else if collectMissing {
                    g.missing.append(.init(figure: fields[i], id: s.id, path: s.path,
                                           reason: Stats.whyMissing(n, in: s, broken: broken)))
                }
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
            return Stats.Row(value: k, values: values, reports: g.reports, failed: g.failed, failedReports: g.failedReports,
                             coverage: g.have, missing: g.missing)
        }
        return Stats(query: query, by: by, fields: fields, aggregation: aggregation, matches: matches, rows: rows,
                     listsFailedReports: collectFailed, listsMissing: collectMissing)
    }
}

extension Stats {
    /// Every table: what an index written before tables were told apart leaves out of a failed report.
    static let allTables = ["appeals", "proactive", "requests"]

    /// Why report `s` gives no figure `name` to aggregate.
    static func whyMissing(_ name: String, in s: StoredReport, broken: [String]) -> String {
        let table = FigureAccess.table(of: name)
        if broken.contains(table) {
            if s.brokenTables == nil { return "excluded: the report's tables break their totals (indexed by an older version; index --rebuild tells which table)" }
            return "excluded: the \(table) table breaks its totals"
        }
        if let why = s.nulls?[name] { return why }
        guard let figures = s.figures else { return "no statistics table found" }
        if !figures.keys.contains(where: { FigureAccess.table(of: $0) == table }) { return "no \(table) table found" }
        return "not given: no such row, or a blank cell"
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
