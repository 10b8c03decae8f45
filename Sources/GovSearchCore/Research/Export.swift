import Foundation
import Reports

/// Flat records for `govsearch export` and `search --format csv|jsonl`.
public enum ExportRecords {
    /// Columns of a per-report record: metadata, then every figure, then `checks_failed` and `copies`.
    static var reportColumns: [String] {
        ["id", "path", "title", "year", "agency", "region", "level", "format", "sections"] + FigureAccess.names
            + ["checks_failed", "copies"]
    }

    /// The coverage flag column of a figure in `export --figures` (the name `stats` gives its count).
    static func coverageColumn(_ figure: String) -> String { Stats.coverageColumn(figure) }
    /// The column giving why a figure is not covered.
    static func missingColumn(_ figure: String) -> String { figure + "_missing" }

    /// Columns of a per-report figures record (`export --figures`): metadata, the tables that break
    /// their totals, every figure, then per figure `F_coverage` (1 when `stats` would aggregate it)
    /// and `F_missing` (why not), so that a sum over F where F_coverage is 1 is the `stats` sum.
    static var figureColumns: [String] {
        ["id", "path", "year", "agency", "region", "level", "format", "broken_tables"] + FigureAccess.names
            + FigureAccess.names.map(coverageColumn) + FigureAccess.names.map(missingColumn)
    }

    /// One report's figures with their coverage flags (`figureColumns`).
    public static func figures(_ s: StoredReport) -> Record {
        var r = metadata(s, title: false)
        let coverage = FigureCoverage(s)
        r.append("broken_tables", .strings(coverage.brokenTables))
        for n in FigureAccess.names { r.append(n, FieldValue(s.figures?[n])) }
        for n in FigureAccess.names { r.append(coverageColumn(n), .int(coverage.covered(n) == nil ? 0 : 1)) }
        for n in FigureAccess.names { r.append(missingColumn(n), coverage.covered(n) == nil ? .string(coverage.whyMissing(n)) : .null) }
        return r
    }

    /// Columns of a per-section record.
    static let sectionColumns = ["id", "path", "year", "agency", "region", "level", "format", "section", "heading", "line", "text"]

    /// One report: metadata, sections present, figures flattened to columns
    /// (empty/null when the report has no such figure), and whether its
    /// tables failed their checks.
    public static func report(_ s: StoredReport) -> Record {
        var r = metadata(s, title: true)
        let keys = Set(s.sections.map(\.key))
        r.append("sections", .strings(SectionKey.allCases.filter(keys.contains).map(\.rawValue)))
        for n in FigureAccess.names { r.append(n, FieldValue(s.figures?[n])) }
        r.append("checks_failed", .bool(s.checksFailed == true))
        // The report's other files (its text and figures are the primary's, `path`).
        r.append("copies", .strings(s.copies.map(\.path)))
        return r
    }

    /// The report's id, path and metadata columns, in the exports' column order.
    static func metadata(_ s: StoredReport, title: Bool) -> Record {
        var r = Record()
        r.append("id", .string(s.id))
        r.append("path", .string(s.path))
        if title { r.append("title", FieldValue(s.title)) }
        r.append("year", FieldValue(s.year))
        r.append("agency", FieldValue(s.agency))
        r.append("region", FieldValue(s.region))
        r.append("level", FieldValue(s.level))
        r.append("format", FieldValue(s.format))
        return r
    }

    /// One record per section of the report, with the section's text: the
    /// report read again (`Searcher.report`) cut at the section's Unicode-scalar offsets.
    /// `only`: keep these sections (empty: all).
    public static func sections(_ s: StoredReport, report: Report, only: Set<SectionKey> = []) -> [Record] {
        let scalars = Array(report.text.unicodeScalars)
        return report.sections.filter { only.isEmpty || only.contains($0.key) }.map { sec in
            var r = metadata(s, title: false)
            r.append("section", .string(sec.key.rawValue))
            r.append("heading", .string(sec.heading))
            r.append("line", .int(sec.line))
            let a = max(0, min(sec.start, scalars.count)), b = max(a, min(sec.end, scalars.count))
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[a..<b])
            r.append("text", .string(String(text)))
            return r
        }
    }

    /// Names `search --fields` accepts (besides the figure names).
    static let searchFields = ["id", "path", "title", "year", "agency", "region", "level", "format",
                                      "sections", "section", "score", "snippet"]
    public static let defaultSearchFields = ["path", "year", "agency", "region", "sections", "score", "snippet"]

    /// Parses a `--fields` list; throws on an unknown name.
    public static func parseSearchFields(_ text: String) throws -> [String] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names.isEmpty { throw GovSearchError.badArgument("--fields is empty") }
        for n in names where !searchFields.contains(n) && !FigureAccess.names.contains(n) {
            throw GovSearchError.badArgument("unknown field '\(n)' (use \(searchFields.joined(separator: ",")) or a figure: \(FigureAccess.names.joined(separator: ",")))")
        }
        return names
    }

    /// A search hit as a record of the chosen fields.
    public static func hit(_ h: Hit, fields: [String]) -> Record {
        var r = Record()
        for f in fields {
            switch f {
            case "id": r.append(f, .string(h.id))
            case "path": r.append(f, .string(h.path))
            case "title": r.append(f, FieldValue(h.title))
            case "year": r.append(f, FieldValue(h.year))
            case "agency": r.append(f, FieldValue(h.agency))
            case "region": r.append(f, FieldValue(h.region))
            case "level": r.append(f, FieldValue(h.stored.level))
            case "format": r.append(f, FieldValue(h.stored.format))
            case "sections", "section": r.append(f, .strings(h.sections.map(\.rawValue)))
            case "score": r.append(f, .score(h.score))
            case "snippet": r.append(f, .string(h.snippet))
            default: r.append(f, FieldValue(h.stored.figures?[f]))
            }
        }
        return r
    }
}
