import Foundation
import GovSearchCore

extension Stats {
    /// `stats`: the table, one JSON object, or a record per row.
    public func write(format: OutputFormat, bom: Bool, to out: Output) throws {
        switch format {
        case .table: try out.write(table())
        case .json: try out.json(self)
        case .csv, .jsonl:
            let p = RecordPrinter(format: format, columns: [keyName] + fields + ["failed"], out: out, bom: bom)
            for r in records { try p.write(r) }
            try p.finish()
        }
    }

    /// The terminal view: a table of the rows, and the failed reports when they were collected.
    public func table() -> String {
        let what = query.isEmpty ? "all \(matches) reports" : "\(matches) report\(matches == 1 ? "" : "s") matching \"\(query)\""
        let head = "\(aggregation.rawValue) over \(what), by \(keyName)\n"
        let body = zip(rows, records).map { r, rec in
            rec.fields.map { $0.value.csvText.isEmpty ? "-" : $0.value.csvText }.map { $0 } + [String(r.reports)]
        }
        let header = [keyName] + fields + ["failed", "reports"]
        var out = head + TextTable.render(header: header.map { $0 }, rows: body.map { row in
            row.enumerated().map { i, c in i == 0 && c == "-" ? "(unknown)" : c }
        }, numeric: header.indices.map { $0 > 0 })
        if listsFailedReports {
            let failed = rows.flatMap(\.failedReports)
            out += failed.isEmpty ? "\nno report failed its table checks\n" : "\nreports whose tables failed their checks (not aggregated):\n"
            for f in failed { out += "  \(f.year.map(String.init) ?? "----")  \(f.agency ?? "(agency unknown)")  \(f.path)\n" }
        }
        return out
    }
}
