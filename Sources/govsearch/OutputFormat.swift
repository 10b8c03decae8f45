import ArgumentParser
import Foundation
import GovSearchCore

/// `--format` of search, trend, stats and export.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv
}

/// Buffered stdout: research output is written as it is produced.
final class Stdout {
    private var buffer: [UInt8] = []

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var p = raw.baseAddress!
            var left = raw.count
            while left > 0 {
                let n = Foundation.write(1, p, left)
                if n <= 0 { if errno == EINTR { continue }; exit(0) }  // reader went away (e.g. `| head`)
                p += n
                left -= n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// Writes records one by one in CSV, JSON Lines, a JSON array, or a
/// terminal table (widths measured per block of rows, so memory stays flat).
final class RecordPrinter {
    let format: OutputFormat
    let columns: [String]
    let out: Stdout
    private var started = false
    private var first = true
    private var block: [Record] = []
    var numeric: Set<String> = []
    /// For `.json`: text written before the array and after it.
    var jsonPrefix = "["
    var jsonSuffix = "]\n"

    init(format: OutputFormat, columns: [String], out: Stdout, bom: Bool = false) {
        self.format = format
        self.columns = columns
        self.out = out
        if bom && format == .csv { out.write(CSV.bom) }
    }

    func write(_ r: Record) {
        if !started { begin() }
        switch format {
        case .csv: out.write(r.csvLine())
        case .jsonl: out.write(r.json() + "\n")
        case .json:
            out.write(first ? "\n" : ",\n")
            out.write(r.json())
        case .table:
            block.append(r)
            if block.count >= 1000 { flushTable() }
        }
        first = false
    }

    private func begin() {
        started = true
        switch format {
        case .csv: out.write(CSV.line(columns))
        case .json: out.write(jsonPrefix)
        default: break
        }
    }

    private var tableHeaderDone = false
    private func flushTable() {
        guard !block.isEmpty else { return }
        let rows = block.map { r in r.fields.map { $0.value.csvText } }
        var text = TextTable.render(header: columns, rows: rows, numeric: columns.map { numeric.contains($0) })
        if tableHeaderDone { text = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n") }
        tableHeaderDone = true
        out.write(text)
        block.removeAll(keepingCapacity: true)
    }

    func finish() {
        if !started { begin() }
        switch format {
        case .json: out.write((first ? "" : "\n") + jsonSuffix)
        case .table: flushTable()
        default: break
        }
        out.flush()
    }
}

/// `search --format/--fields/--all`: hits as records. Returns nil when the
/// classic output applies (no option given, plain `--json`, plain `--format table`),
/// else the number of matching reports.
enum SearchOutput {
    static func run(_ searcher: Searcher, _ template: SearchRequest, format: OutputFormat?, fields fieldsOption: String?,
                    all: Bool, bom: Bool) throws -> Int? {
        if fieldsOption == nil && !all && (format == nil || format == .json || format == .table) { return nil }
        let fmt = format ?? .table
        var fields = try fieldsOption.map(ExportRecords.parseSearchFields) ?? ExportRecords.defaultSearchFields
        if all && fieldsOption == nil { fields.removeAll { $0 == "snippet" } }  // snippets re-read files: only when asked
        let wantSnippets = fields.contains("snippet")
        let wantSections = fields.contains("sections") || fields.contains("section")
        let out = Stdout()
        let printer = RecordPrinter(format: fmt, columns: fields, out: out, bom: bom)
        printer.numeric = Set(["year", "score"] + FigureAccess.names)
        func header(total: Int, offset: Int?, limit: Int?) {
            let w = JSONWriter()
            w.object {
                w.key("query"); w.string(template.query)
                w.key("total"); w.int(total)
                if let offset { w.key("offset"); w.int(offset) }
                if let limit { w.key("limit"); w.int(limit) }
                w.key("hits")
            }
            printer.jsonPrefix = String(w.output.dropLast()) + "["  // `{…,"hits":` + `[`
            printer.jsonSuffix = "]}\n"
        }
        if all {
            let total = try searcher.matchCount(template.query)
            header(total: total, offset: nil, limit: nil)
            try searcher.forEachMatch(template.query, sections: wantSections, snippets: wantSnippets) { m in
                printer.write(ExportRecords.hit(m.hit, fields: fields))
            }
            printer.finish()
            return total
        }
        var request = template
        request.facets = []
        request.snippets = wantSnippets
        let result = try searcher.search(request)
        header(total: result.total, offset: result.offset, limit: result.limit)
        for h in result.hits { printer.write(ExportRecords.hit(h, fields: fields)) }
        printer.finish()
        return result.total
    }
}
