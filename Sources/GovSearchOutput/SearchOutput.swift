import Foundation
import GovSearchCore

/// `search --format/--fields/--all`: hits as records.
public enum SearchOutput {
    /// Returns nil when the classic output applies (no option given, plain
    /// `--json`, plain `--format table`), else the number of matching reports.
    public static func run(_ searcher: Searcher, _ template: SearchRequest, format: OutputFormat?, fields fieldsOption: String?,
                           all: Bool, bom: Bool, to out: Output) throws -> Int? {
        if fieldsOption == nil && !all && (format == nil || format == .json || format == .table) { return nil }
        let fmt = format ?? .table
        var fields = try fieldsOption.map(ExportRecords.parseSearchFields) ?? ExportRecords.defaultSearchFields
        if all && fieldsOption == nil { fields.removeAll { $0 == "snippet" } }  // snippets re-read files: only when asked
        let wantSnippets = fields.contains("snippet")
        let wantSections = fields.contains("sections") || fields.contains("section")
        let printer = RecordPrinter(format: fmt, columns: fields, out: out, bom: bom)
        printer.numeric = Set(["year", "score"] + FigureAccess.names)
        func header(total: Int, offset: Int?, limit: Int?) {
            printer.envelope = { w in
                w.key("query"); w.string(template.query)
                w.key("total"); w.int(total)
                if let offset { w.key("offset"); w.int(offset) }
                if let limit { w.key("limit"); w.int(limit) }
            }
        }
        if all {
            let total = try searcher.matchCount(template.query)
            header(total: total, offset: nil, limit: nil)
            try searcher.forEachMatch(template.query, sort: template.sort, sections: wantSections, snippets: wantSnippets) { m in
                try printer.write(ExportRecords.hit(m.hit, fields: fields))
            }
            try printer.finish()
            return total
        }
        var request = template
        request.facets = []
        request.snippets = wantSnippets
        let result = try searcher.search(request)
        header(total: result.total, offset: result.offset, limit: result.limit)
        for h in result.hits { try printer.write(ExportRecords.hit(h, fields: fields)) }
        try printer.finish()
        return result.total
    }
}
