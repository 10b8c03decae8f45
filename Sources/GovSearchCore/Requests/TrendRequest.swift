/// What `trend` computes: `q`, `by` (default year), `top` (agency and region rows kept).
public struct TrendRequest: Sendable {
    public var query: String
    public var by: Facet
    public var top: Int?

    public init(_ options: RequestOptions) throws {
        query = try options.query()
        by = try options.facet("by", default: .year)
        top = options.string("top") == nil ? nil : try options.int("top", default: 0, max: options.maxTop)
    }
}

extension Searcher {
    public func trend(_ request: TrendRequest) throws -> Trend {
        try trend(request.query, by: request.by, top: request.top)
    }
}
