import Foundation

/// What `inspect` shows of one report (written as JSON by GovSearchCore's
/// `InspectRecord.write(to:)`, as text by the CLI).
public struct InspectRecord: Sendable {
    public struct SectionInfo: Sendable { public var key: String; public var heading: String; public var line: Int; public var start: Int; public var end: Int }
    public struct StatsInfo: Sendable {
        public var proactive: [String: [String: Double]]?
        public var requests: RequestStatistics?
        public var appeals: AppealStatistics?
    }
    public var path: String
    public var title: String?
    public var year: Int?
    public var agency: String?
    public var agency_written: String?
    public var region: String?
    public var level: String?
    public var format: String?
    public var sections: [SectionInfo]
    public var statistics: StatsInfo
    public var checks: [CheckFailure]
    public var warnings: [String]
    public var ocr: Bool
    /// Figure path → line and how it was read (see `Statistics.sources`).
    public var provenance: [String: FigureSource]
    /// Figure path → why it is null where the table prints something.
    public var nulls: [String: String]

    public init(_ r: Report) {
        path = r.path; title = r.title
        year = r.metadata.year; agency = r.metadata.agency; agency_written = r.metadata.agencyAsWritten; region = r.metadata.region
        level = r.metadata.level; format = r.metadata.format
        sections = r.sections.map { SectionInfo(key: $0.key.rawValue, heading: $0.heading, line: $0.line, start: $0.start, end: $0.end) }
        statistics = StatsInfo(proactive: (r.statistics?.proactive.isEmpty ?? true) ? nil : r.statistics?.proactive,
                               requests: r.statistics?.requests, appeals: r.statistics?.appeals)
        checks = r.checks; warnings = r.warnings; ocr = r.ocr
        provenance = r.statistics?.sources ?? [:]; nulls = r.statistics?.nulls ?? [:]
    }
}
