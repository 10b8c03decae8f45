import Foundation
import GovSearchCore

/// Writes records one by one in CSV, JSON Lines, a JSON array, or a
/// terminal table (widths measured per block of rows, so memory stays flat).
public final class RecordPrinter {
    public let format: OutputFormat
    public let columns: [String]
    let out: Output
    private let bom: Bool
    private var started = false
    private var first = true
    private var block: [Record] = []
    /// Columns right-aligned in a table.
    public var numeric: Set<String> = []
    /// For `.json`: members written before the records, which then go under
    /// `hits` of one object; nil: the records form a bare array.
    var envelope: ((JSONWriter) -> Void)?
    private let json = JSONWriter()

    public init(format: OutputFormat, columns: [String], out: Output, bom: Bool = false) {
        self.format = format
        self.columns = columns
        self.out = out
        self.bom = bom
    }

    public func write(_ r: Record) throws {
        if !started { try begin() }
        switch format {
        case .csv: try out.write(r.csvLine())
        case .jsonl:
            r.write(to: json)
            json.newline()
            try out.write(bytes: json.drain())
        case .json:
            // One record a line: `[`, then `\n{…}` and `,\n{…}`, then `\n]`.
            json.element()
            json.newline()
            r.write(to: json)
            try out.write(bytes: json.drain())
        case .table:
            block.append(r)
            if block.count >= 1000 { try flushTable() }
        }
        first = false
    }

    private func begin() throws {
        started = true
        switch format {
        case .csv:
            if bom { try out.write(CSV.bom) }
            try out.write(CSV.line(columns))
        case .json:
            if let envelope {
                json.openObject()
                envelope(json)
                json.key("hits")
            }
            json.openArray()
            try out.write(bytes: json.drain())
        default: break
        }
    }

    private var tableHeaderDone = false
    private func flushTable() throws {
        guard !block.isEmpty else { return }
        let rows = block.map { r in r.fields.map { $0.value.csvText } }
        var text = TextTable.render(header: columns, rows: rows, numeric: columns.map { numeric.contains($0) })
        if tableHeaderDone { text = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n") }
        tableHeaderDone = true
        try out.write(text)
        block.removeAll(keepingCapacity: true)
    }

    /// Ends the records and flushes the output.
    public func finish() throws {
        if !started { try begin() }
        switch format {
        case .json:
            if !first { json.newline() }
            json.closeArray()
            if envelope != nil { json.closeObject() }
            json.newline()
            try out.write(bytes: json.drain())
        case .table: try flushTable()
        default: break
        }
        try out.flush()
    }
}
