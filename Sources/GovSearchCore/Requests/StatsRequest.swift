/// What `stats` computes: `q`, `by` (default year; one key or two, `agency,year`; not section), `fields`
/// (figure names or aliases), `agg` (default sum), `show_failed`, `missing`.
public struct StatsRequest: Sendable {
    static let defaultFields = "new_applications,granted,withheld,reconsideration"

    public var query: String
    public var by: Facet
    /// The second key of `by` (`agency,year`), nil with one.
    public var thenBy: Facet?
    /// The fields as typed (aliases are resolved when aggregating, names kept for the columns).
    public var fields: [String]
    public var aggregation: Aggregation
    public var showFailed: Bool
    /// List, per group and field, the reports without the figure and why.
    public var missing: Bool

    public init(_ options: RequestOptions) throws {
        query = try options.query()
        let keys = try options.facets("by", default: [.year])
        guard keys.count <= 2 else {
            throw GovSearchError.badArgument("\(options.spelled("by")) takes one or two keys, not \(keys.count) (e.g. agency,year)")
        }
        by = keys[0]
        thenBy = keys.count == 2 ? keys[1] : nil
        try StatsRequest.checkGrouping(by, thenBy)
        fields = options.list("fields") ?? StatsRequest.defaultFields.split(separator: ",").map(String.init)
        if fields.isEmpty { throw GovSearchError.badArgument("\(options.spelled("fields")) is empty") }
        for n in fields { _ = try Stats.canonicalField(n) }
        let agg = options.values["agg"] ?? "sum"
        guard let parsed = Aggregation(rawValue: agg) else {
            throw GovSearchError.badArgument("unknown \(options.spelled("agg")) '\(agg)' (use \(Aggregation.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        aggregation = parsed
        showFailed = options.flag("show_failed")
        missing = options.flag("missing")
    }

    /// Sections overlap within a report, so its figures cannot be split by them; a second key needs a
    /// first, and another one.
    static func checkGrouping(_ by: Facet?, _ thenBy: Facet? = nil) throws {
        if by == .section || thenBy == .section {
            throw GovSearchError.badArgument("stats cannot group by section (use year, agency, region, level or format)")
        }
        if let thenBy, by == nil || by == thenBy {
            throw GovSearchError.badArgument("stats cannot group by \(thenBy.rawValue) twice")
        }
    }
}

extension Searcher {
    public func stats(_ request: StatsRequest) throws -> Stats {
        try stats(request.query, by: request.by, thenBy: request.thenBy, fields: request.fields, aggregation: request.aggregation,
                  collectFailed: request.showFailed, collectMissing: request.missing)
    }
}
