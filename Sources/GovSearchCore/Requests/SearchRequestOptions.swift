import Foundation

extension SearchRequest {
    /// A search from its options: `q`, `limit`, `offset`, `sort`, `facets`
    /// (comma-separated; empty: none; absent: the defaults).
    public init(_ options: RequestOptions) throws {
        self.init(query: try options.query())
        limit = try options.int("limit", default: 10, max: options.maxLimit)
        offset = try options.int("offset", default: 0, max: options.maxOffset)
        if let s = options.values["sort"] { sort = try SortOrder(s) }
        if let f = options.values["facets"] { facets = try Facet.list(f) }
    }
}

extension Facet {
    /// Parses a `facets` list: comma-separated names; empty means none.
    public static func list(_ text: String) throws -> [Facet] {
        try text.split(separator: ",").map { name in
            guard let f = Facet(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw GovSearchError.badArgument("unknown facet '\(name)' (use \(Facet.allCases.map(\.rawValue).joined(separator: ",")))")
            }
            return f
        }
    }
}
