import Foundation

/// The `inspect --json` object for one report.
public struct InspectRecord: Encodable, Sendable {
    public struct SectionInfo: Encodable, Sendable { public var key: String; public var heading: String; public var line: Int; public var start: Int; public var end: Int }
    public struct StatsInfo: Encodable, Sendable {
        public var proactive: [String: [String: Double]]?
        public var requests: RequestStatistics?
        public var appeals: AppealStatistics?
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: DynamicKey.self)
            try c.encode(proactive, forKey: DynamicKey("proactive"))
            try c.encode(requests, forKey: DynamicKey("requests"))
            try c.encode(appeals, forKey: DynamicKey("appeals"))
        }
    }
    public var path: String
    public var title: String?
    public var year: Int?
    public var agency: String?
    public var region: String?
    public var level: String?
    public var format: String?
    public var sections: [SectionInfo]
    public var statistics: StatsInfo
    public var checks: [CheckFailure]
    public var warnings: [String]
    /// Figure path → line and how it was read (see `Statistics.sources`).
    public var provenance: [String: FigureSource]
    /// Figure path → why it is null where the table prints something.
    public var nulls: [String: String]

    public init(_ r: Report) {
        path = r.path; title = r.title
        year = r.metadata.year; agency = r.metadata.agency; region = r.metadata.region
        level = r.metadata.level; format = r.metadata.format
        sections = r.sections.map { SectionInfo(key: $0.key.rawValue, heading: $0.heading, line: $0.line, start: $0.start, end: $0.end) }
        statistics = StatsInfo(proactive: (r.statistics?.proactive.isEmpty ?? true) ? nil : r.statistics?.proactive,
                               requests: r.statistics?.requests, appeals: r.statistics?.appeals)
        checks = r.checks; warnings = r.warnings
        provenance = r.statistics?.sources ?? [:]; nulls = r.statistics?.nulls ?? [:]
    }

    enum CodingKeys: String, CodingKey { case path, title, year, agency, region, level, format, sections, statistics, checks, warnings, provenance, nulls }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path); try c.encode(title, forKey: .title); try c.encode(year, forKey: .year)
        try c.encode(agency, forKey: .agency); try c.encode(region, forKey: .region); try c.encode(level, forKey: .level)
        try c.encode(format, forKey: .format); try c.encode(sections, forKey: .sections)
        try c.encode(statistics, forKey: .statistics); try c.encode(checks, forKey: .checks); try c.encode(warnings, forKey: .warnings)
        try c.encode(provenance, forKey: .provenance); try c.encode(nulls, forKey: .nulls)
    }
}

extension Report: Encodable {
    /// Encodes as the `inspect` object (see `InspectRecord`).
    public func encode(to encoder: Encoder) throws { try InspectRecord(self).encode(to: encoder) }

    /// One-line JSON of the inspect object.
    public func inspectJSON() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let d = try? e.encode(InspectRecord(self)) else { return "{}" }
        return String(decoding: d, as: UTF8.self)
    }
}
