// The document model shared by the indexer, `inspect` and the exports.
// Offsets are Unicode scalar offsets into `Report.text` (see CONTRACT.md).

public struct Section: Equatable, Sendable {
    public var key: SectionKey
    /// The heading as written (empty for the preamble).
    public var heading: String
    /// 1-based line of the heading (of the first line for the preamble).
    public var line: Int
    /// Half-open range of Unicode scalar offsets into `Report.text`; includes the heading.
    public var start: Int
    public var end: Int

    public init(key: SectionKey, heading: String, line: Int, start: Int, end: Int) {
        self.key = key; self.heading = heading; self.line = line; self.start = start; self.end = end
    }
}

public struct Metadata: Equatable, Sendable {
    /// The year reported on (not the publication date); nil when unknown.
    public var year: Int?
    /// The canonical name (`AgencyNames`): what facets and groupings use.
    public var agency: String?
    /// The agency as the report writes it.
    var agencyAsWritten: String?
    public var region: String?
    /// `province`, `city`, `county`, `township`, or nil.
    public var level: String?
    /// `standard2019` or `pre2019`, or nil.
    public var format: String?

    public init(year: Int? = nil, agency: String? = nil, region: String? = nil, level: String? = nil, format: String? = nil) {
        self.year = year; self.agency = agency; self.region = region; self.level = level; self.format = format
    }
}

public struct Report: Sendable {
    /// Absolute path of the file it was read from.
    public var path: String
    /// Decoded text with line ends as in the file (CRLF/CR kept; offsets count them).
    public var text: String
    public var title: String?
    /// In text order, non-overlapping, covering the text from the first one on.
    public var sections: [Section]
    public var metadata: Metadata
    /// Problems met while reading (invalid bytes, …), each naming the file.
    public var warnings: [String]
    /// Figures read from the standard statistics tables; nil when no table was found.
    public var statistics: Statistics?
    /// Failed consistency checks of the statistics tables (empty when all hold or no table).
    public var checks: [CheckFailure]
    /// The text came from OCR of a scanned PDF (it may hold misread characters).
    public var ocr = false

    public init(path: String, text: String, title: String?, sections: [Section], metadata: Metadata, warnings: [String] = [],
                statistics: Statistics? = nil, checks: [CheckFailure] = []) {
        self.path = path; self.text = text; self.title = title; self.sections = sections
        self.metadata = metadata; self.warnings = warnings
        self.statistics = statistics; self.checks = checks
    }

    /// The section with this key, if the report has one.
    public func section(_ key: SectionKey) -> Section? { sections.first { $0.key == key } }

    /// The text of a section (heading included).
    public func text(of section: Section) -> String {
        let v = text.unicodeScalars
        let a = v.index(v.startIndex, offsetBy: section.start)
        let b = v.index(a, offsetBy: section.end - section.start)
        return String(v[a..<b])
    }
}
