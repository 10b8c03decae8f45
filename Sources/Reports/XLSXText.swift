import Foundation

/// Text of an .xlsx workbook: each sheet in workbook order, each row a line,
/// cells separated by tabs (an empty cell between two full ones stays a cell),
/// so the statistics-table reader sees the rows as it sees a .docx table.
enum XLSXText {
    static func text(_ data: Data, path: String) throws -> String {
        var zip = try ZipReport(data, path: path, kind: ".xlsx")
        func xml(_ name: String) throws -> [UInt8]? {
            guard let d = try zip.read(name) else { return nil }
            return [UInt8](d)
        }
        var shared: [String] = []
        if let s = try xml("xl/sharedStrings.xml") {
            var current: String? = nil
            var inText = false
            try XMLScan.scan(s, entry: "sharedStrings.xml", path: path) { event in
                switch event {
                case .start("si", _, _): current = ""
                case .start("t", _, _): inText = true
                case .end("t"): inText = false
                case let .text(t): if inText { current? += t }
                case .end("si"): shared.append(current ?? ""); current = nil
                case .start("rPh", _, _): inText = false  // phonetic hints are not cell text
                default: break
                }
            }
        }
        var out = ""
        for sheet in try sheets(&zip, path) {
            guard let x = try xml(sheet) else { continue }
            out += try rows(x, sheet, shared, path)
        }
        return out
    }

    /// Worksheet entries in the workbook's order (falling back to sheet1, sheet2, …).
    static func sheets(_ zip: inout ZipReport, _ path: String) throws -> [String] {
        var ids: [String] = []
        if let wb = try zip.read("xl/workbook.xml") {
            try XMLScan.scan([UInt8](wb), entry: "workbook.xml", path: path) { e in
                if case let .start("sheet", a, _) = e, let id = a["id"] { ids.append(id) }
            }
        }
        var targets: [String: String] = [:]
        if let rels = try zip.read("xl/_rels/workbook.xml.rels") {
            try XMLScan.scan([UInt8](rels), entry: "workbook.xml.rels", path: path) { e in
                if case let .start("Relationship", a, _) = e, let id = a["Id"], let t = a["Target"] {
                    targets[id] = t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t
                }
            }
        }
        let named = ids.compactMap { targets[$0] }
        return named.isEmpty ? (1...64).map { "xl/worksheets/sheet\($0).xml" } : named
    }

    static func rows(_ xml: [UInt8], _ name: String, _ shared: [String], _ path: String) throws -> String {
        var out = ""
        var cells: [Int: String] = [:]
        var cell: (column: Int, type: String)? = nil
        var value = ""
        var inValue = false
        var nextColumn = 0
        try XMLScan.scan(xml, entry: name, path: path) { event in
            switch event {
            case .start("row", _, _): cells = [:]; nextColumn = 0
            case let .start("c", a, _):
                let col = a["r"].flatMap(column) ?? nextColumn
                cell = (col, a["t"] ?? "n"); value = ""; nextColumn = col + 1
            case .start("v", _, _), .start("t", _, _): inValue = true
            case .end("v"), .end("t"): inValue = false
            case let .text(t): if inValue { value += t }
            case .end("c"):
                if let c = cell {
                    let v = c.type == "s" ? Int(value).flatMap { $0 < shared.count ? shared[$0] : nil } ?? "" : number(value, c.type)
                    if !v.isEmpty { cells[c.column] = v }
                }
                cell = nil
            case .end("row"):
                guard let last = cells.keys.max() else { return }
                let first = cells.keys.min()!
                // Line breaks inside a cell would split a table row.
                out += (first...last).map { cells[$0].map { $0.replacingOccurrences(of: "\n", with: " ") } ?? "\u{A0}" }.joined(separator: "\t") + "\n"
            default: break
            }
        }
        return out
    }

    /// A numeric cell as a person would write it (Excel stores 613.64 as 613.6399999999999).
    static func number(_ v: String, _ type: String) -> String {
        guard type == "n", let d = Double(v) else { return v }
        return String(format: "%.15g", d)
    }

    /// "C12" -> 2.
    static func column(_ ref: String) -> Int? {
        var n = 0
        var any = false
        for u in ref.unicodeScalars {
            guard u.value >= 65 && u.value <= 90 else { break }
            n = n * 26 + Int(u.value - 64); any = true
        }
        return any ? n - 1 : nil
    }
}
