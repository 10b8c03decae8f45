import Foundation
import Reports

/// How many reports match a query per value of a grouping key, against how
/// many reports have that value at all (`govsearch trend`).
public struct Trend: Sendable {
    public struct Row: Sendable, Equatable {
        /// The value of the key (a year, an agency, a section key, …).
        public var value: String
        /// Matching reports with this value.
        public var count: Int
        /// All reports in the index with this value.
        public var total: Int
        /// `count / total`, a fraction between 0 and 1 (CONTRACT.md "Research output").
        public var share: Double { total > 0 ? Double(count) / Double(total) : 0 }
    }

    public var query: String
    public var by: Facet
    /// Reports matching the query (including those whose value is unknown).
    public var matches: Int
    /// Reports in the index.
    public var reports: Int
    public var rows: [Row]

    /// Columns: the key named as in `--by`, then `count`, `total`, `share`.
    public var records: [Record] {
        rows.map { r in
            Record([(by.rawValue, by == .year ? FieldValue(Int(r.value)) : .string(r.value)),
                    ("count", .int(r.count)), ("total", .int(r.total)), ("share", .double(r.share))])
        }
    }
}

extension Trend: JSONWritable {
    /// `{"query":…,"by":…,"matches":…,"reports":…,"rows":[{"year":2020,"count":…,"total":…,"share":…}]}`
    public func write(to w: JSONWriter) {
        w.object {
            w.key("query"); w.string(query)
            w.key("by"); w.string(by.rawValue)
            w.key("matches"); w.int(matches)
            w.key("reports"); w.int(reports)
            w.key("rows")
            w.array { for r in records { w.element(); r.write(to: w) } }
        }
    }
}

extension Searcher {
    /// Counts matching reports per value of `by`, beside all reports with that value.
    ///
    /// Counts come from exact facet counts over every match (`Searcher.search`
    /// with limit 0); totals from the same facet over a match-all query. For
    /// `.section` a report counts for a section when the query's text matches
    /// inside it; the total is the number of reports having that section.
    ///
    /// Rows: for `year`, `level`, `format` and `section`, every value in the
    /// index in natural order (a zero count shows a gap); for `agency` and
    /// `region`, the values of matching reports, most matches first (`top`
    /// keeps the first rows only). Unknown values have no row.
    ///
    /// ```swift
    /// let s = try Searcher(indexPath: "index")
    /// for row in try s.trend("依申请公开", by: .year).rows { print(row.value, row.count, row.share) }
    /// ```
    public func trend(_ query: String, by: Facet, top: Int? = nil) throws -> Trend {
        let totals = try facetCountsOfAll(by)
        let counts = try facetCounts(query, facet: by)
        let matches = try matchCount(query)
        var rows: [Trend.Row]
        switch by {
        case .year:
            rows = totals.keys.sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
                .map { Trend.Row(value: $0, count: counts[$0] ?? 0, total: totals[$0]!) }
        case .section:
            rows = SectionKey.allCases.map(\.rawValue).filter { totals[$0] != nil }
                .map { Trend.Row(value: $0, count: counts[$0] ?? 0, total: totals[$0]!) }
        case .level, .format:
            let rank = by == .level ? Level.rank : ReportPlan.rank
            rows = totals.keys.sorted { (rank($0), $0) < (rank($1), $1) }
                .map { Trend.Row(value: $0, count: counts[$0] ?? 0, total: totals[$0]!) }
        case .agency, .region:
            rows = counts.filter { $0.value > 0 }
                .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { Trend.Row(value: $0.key, count: $0.value, total: totals[$0.key] ?? $0.value) }
        }
        if let top, top >= 0, by == .agency || by == .region { rows = Array(rows.prefix(top)) }
        return Trend(query: query, by: by, matches: matches, reports: try documentCount(), rows: rows)
    }
}
