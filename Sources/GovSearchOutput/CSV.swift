import Foundation
import GovSearchCore

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

extension FieldValue {
    /// The CSV cell text (before quoting). Lists are joined with `;`.
    var csvText: String {
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
}

extension Record {
    /// One CSV line (RFC 4180, CRLF-terminated).
    func csvLine() -> String { CSV.line(fields.map { $0.value.csvText }) }
}
