import Foundation

/// What `export` writes: `q` (required unless `all`), `sections` (one record per section), or
/// `figures` (one record per report: every figure with its coverage flags).
public struct ExportRequest: Sendable {
    public var query: String
    public var sections: Bool
    public var figures: Bool

    public init(_ options: RequestOptions) throws {
        query = try options.query()
        sections = options.flag("sections")
        figures = options.flag("figures")
        if sections && figures {
            throw GovSearchError.badArgument("\(options.spelled("sections")) and \(options.spelled("figures")) cannot be combined (one record per section, or per report)")
        }
        // No query exports every report, as `export [QUERY]` says (`all` is the same, kept for scripts).
    }

    /// Columns of the records, in order.
    public var columns: [String] {
        sections ? ExportRecords.sectionColumns : figures ? ExportRecords.figureColumns : ExportRecords.reportColumns
    }
}
