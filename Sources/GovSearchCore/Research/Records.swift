import Foundation

/// A value of one column of research output. Unknown values are `.null`:
/// `null` in JSON, an empty cell in CSV (CONTRACT.md "Metadata values").
public enum FieldValue: Equatable, Sendable {
    case null
    case int(Int)
    /// A fraction or a mean; written plain (`0.25`, never `2.5e-1` or `25%`).
    case double(Double)
    /// A score: written with 4 decimals like the search JSON.
    case score(Double)
    case string(String)
    case strings([String])
    case bool(Bool)

    public init(_ v: Int?) { self = v.map(FieldValue.int) ?? .null }
    public init(_ v: String?) { self = v.map(FieldValue.string) ?? .null }

    /// The CSV cell text (before quoting). Lists are joined with `;`.
    public var csvText: String {
        switch self {
        case .null: return ""
        case let .int(v): return String(v)
        case let .double(v): return FieldValue.plain(v)
        case let .score(v): return v.isFinite ? String(format: "%.4f", v) : ""
        case let .string(s): return s
        case let .strings(l): return l.joined(separator: ";")
        case let .bool(b): return b ? "true" : "false"
        }
    }

    /// Writes the value as JSON.
    public func write(to w: JSONWriter) {
        switch self {
        case .null: w.null()
        case let .int(v): w.int(v)
        case let .double(v): if v.isFinite { w.raw(FieldValue.plain(v)) } else { w.null() }
        case let .score(v): w.double(v)
        case let .string(s): w.string(s)
        case let .strings(l): w.array { for s in l { w.element(); w.string(s) } }
        case let .bool(b): w.bool(b)
        }
    }

    /// Plain decimal notation: integers without a point, others with up to 6 decimals, no exponent.
    public static func plain(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// One row of research output: named values in column order.
public struct Record: Sendable {
    public var fields: [(name: String, value: FieldValue)]
    public init(_ fields: [(name: String, value: FieldValue)] = []) { self.fields = fields }

    public mutating func append(_ name: String, _ value: FieldValue) { fields.append((name, value)) }

    public subscript(name: String) -> FieldValue? { fields.first { $0.name == name }?.value }

    /// One JSON object, keys in column order.
    public func json() -> String {
        let w = JSONWriter()
        w.object { for (k, v) in fields { w.key(k); v.write(to: w) } }
        return w.output
    }

    /// One CSV line (RFC 4180, CRLF-terminated).
    public func csvLine() -> String { CSV.line(fields.map { $0.value.csvText }) }
}

/// RFC 4180 CSV: a field holding a comma, a double quote, CR or LF is quoted
/// and its quotes doubled; lines end with CRLF; text is UTF-8.
public enum CSV {
    /// The byte-order mark Excel needs to read UTF-8.
    public static let bom = "\u{FEFF}"

    public static func field(_ s: String) -> String {
        if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }
}

/// Terminal tables: columns padded by display width (CJK characters take two columns).
public enum TextTable {
    public static func width(_ s: String) -> Int {
        s.reduce(0) { $0 + ($1.isWide ? 2 : 1) }
    }

    public static func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
        let n = width(s)
        if n >= w { return s }
        let fill = String(repeating: " ", count: w - n)
        return right ? fill + s : s + fill
    }

    /// Cuts `s` to at most `w` display columns, ending with `…` when cut.
    public static func truncate(_ s: String, _ w: Int) -> String {
        if width(s) <= w { return s }
        var out = ""
        var n = 0
        for ch in s {
            let cw = ch.isWide ? 2 : 1
            if n + cw > w - 1 { break }
            out.append(ch)
            n += cw
        }
        return out + "…"
    }

    /// Renders rows under a header; `numeric[i]` right-aligns column i.
    public static func render(header: [String], rows: [[String]], numeric: [Bool], maxWidth: Int = 60) -> String {
        let cells = rows.map { $0.map { truncate($0.replacingOccurrences(of: "\n", with: " "), maxWidth) } }
        var widths = header.map(width)
        for r in cells { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], width(c)) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in pad(c, widths[i], right: numeric[i]) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for r in cells { out += line(r) + "\n" }
        return out
    }

    /// A horizontal bar of `value / maximum` of `width` columns, in eighth blocks.
    public static func bar(_ value: Double, of maximum: Double, width: Int = 30) -> String {
        guard maximum > 0, value > 0 else { return "" }
        let eighths = Int((value / maximum * Double(width * 8)).rounded())
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let s = String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
        return s.isEmpty ? "▏" : s
    }
}
