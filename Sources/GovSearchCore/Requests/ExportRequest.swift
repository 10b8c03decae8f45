import Foundation

/// What `export` writes: `q` (required unless `all`), `sections` (one record per section).
public struct ExportRequest: Sendable {
    public var query: String
    public var sections: Bool

    public init(_ options: RequestOptions) throws {
        query = try options.query()
        sections = options.flag("sections")
        // No query exports every report, as `export [QUERY]` says (`all` is the same, kept for scripts).
    }

    /// Columns of the records, in order.
    public var columns: [String] { sections ? ExportRecords.sectionColumns : ExportRecords.reportColumns }
}
