import Foundation

/// What `export` writes: `q` (required unless `all`), `sections` (one record per section).
public struct ExportRequest: Sendable {
    public var query: String
    public var sections: Bool

    public init(_ options: RequestOptions) throws {
        query = try options.query()
        sections = options.flag("sections")
        if query.trimmingCharacters(in: .whitespaces).isEmpty && !options.flag("all") {
            throw GovSearchError.badArgument("give a query, or \(options.spelled("all")) to export every report")
        }
    }

    /// Columns of the records, in order.
    public var columns: [String] { sections ? ExportRecords.sectionColumns : ExportRecords.reportColumns }
}
