import Foundation
import GovSearchCore

extension Trend {
    /// `trend`: the table, one JSON object, or a record per row.
    public func write(format: OutputFormat, bom: Bool, to out: Output) throws {
        switch format {
        case .table: try out.write(table())
        case .json: try out.json(self)
        case .csv, .jsonl:
            let p = RecordPrinter(format: format, columns: [by.rawValue, "count", "total", "share"], out: out, bom: bom)
            for r in records { try p.write(r) }
            try p.finish()
        }
    }

    /// The terminal view: a table with a bar per row (bar length: count).
    public func table(barWidth: Int = 30) -> String {
        let maximum = Double(rows.map(\.count).max() ?? 0)
        let body = rows.map { r in
            [r.value, String(r.count), String(r.total), String(format: "%.1f%%", r.share * 100),
             TextTable.bar(Double(r.count), of: maximum, width: barWidth)]
        }
        let head = "\(matches) of \(reports) reports match \"\(query.isEmpty ? "(everything)" : query)\"; by \(by.rawValue): count, total, share\n"
        return head + TextTable.render(header: [by.rawValue, "count", "total", "share", ""], rows: body,
                                       numeric: [false, true, true, true, false])
    }
}
