import Foundation
import GovSearchCore

extension Stats {
    /// `stats`: the table, one JSON object, or a record per row. With `--missing`, CSV and JSON Lines
    /// hold the reports without a figure instead of the rows (one stream has one set of columns).
    public func write(format: OutputFormat, bom: Bool, to out: Output) throws {
        switch format {
        case .table: try out.write(table())
        case .json: try out.json(self)
        case .csv, .jsonl:
            let missing = listsMissing
            let p = RecordPrinter(format: format, columns: missing ? missingColumns : columns, out: out, bom: bom)
            for r in missing ? missingRecords : records { try p.write(r) }
            try p.finish()
        }
    }

    /// The terminal view: a table of the rows (each figure followed by `n`, the reports that
    /// supplied it), and the failed reports and the missing figures when they were collected.
    public func table() -> String {
        let what = query.isEmpty ? "all \(matches) reports" : "\(matches) report\(matches == 1 ? "" : "s") matching \"\(query)\""
        let head = "\(aggregation.rawValue) over \(what), by \(keyNames.joined(separator: ", "))\n"
        func text(_ v: FieldValue) -> String { v.csvText.isEmpty ? "-" : v.csvText }
        let body = rows.map { r -> [String] in
            let rec = record(r)
            let keys = keyNames.count
            var cells = rec.fields.prefix(keys).map { text($0.value) == "-" ? "(unknown)" : text($0.value) }
            for (i, n) in r.coverage.enumerated() { cells += [text(rec.fields[keys + i].value), String(n)] }
            return cells + [String(r.failed), String(r.reports)]
        }
        let header = keyNames + fields.flatMap { [$0, "n"] } + ["failed", "reports"]
        var out = head + TextTable.render(header: header, rows: body, numeric: header.indices.map { $0 >= keyNames.count })
        if listsFailedReports {
            let failed = rows.flatMap(\.failedReports)
            let broken = failed.filter { !$0.tables.isEmpty }
            out += broken.isEmpty ? "\nno report failed its table checks\n"
                : "\nreports with a table that fails its checks (that table's figures not aggregated):\n"
            for f in broken {
                let tables = f.tables.joined(separator: ", ")
                out += "  \(f.year.map(String.init) ?? "----")  \(f.agency ?? "(agency unknown)")  \(f.path)  (\(tables))\n"
            }
            let disagreeing = failed.filter { !$0.disagreements.isEmpty }
            if !disagreeing.isEmpty { out += "\nreports whose copies give other figures (the primary file's count):\n" }
            for f in disagreeing {
                out += "  \(f.year.map(String.init) ?? "----")  \(f.agency ?? "(agency unknown)")  \(f.path)\n"
                for d in f.disagreements {
                    out += "    \(d.figure): \(d.primary.map(String.init) ?? "null") here, \(d.copy.map(String.init) ?? "null") in \(d.path)\n"
                }
            }
        }
        if listsMissing {
            let missing = rows.flatMap { r in r.missing.map { ([r.value] + (thenBy == nil ? [] : [r.secondValue]), $0) } }
            out += missing.isEmpty ? "\nevery report supplied every figure\n" : "\nreports without a figure (not aggregated):\n"
            for (g, m) in missing { out += "  \(g.map { $0 ?? "(unknown)" }.joined(separator: "  "))  \(m.figure)  \(m.path): \(m.reason)\n" }
        }
        return out
    }
}
