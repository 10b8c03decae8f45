import Foundation

/// A strict RFC 4180 parser: CRLF record ends, quotes only around whole
/// fields, doubled quotes inside; anything else throws.
public enum CSVParser {
    public struct Bad: Error { var message: String }

    public static func parse(_ text: String) throws -> [[String]] {
        let s = Array(text.unicodeScalars)
        var rows: [[String]] = []
        var row: [String] = []
        var i = 0
        while i < s.count {
            var field = String.UnicodeScalarView()
            if s[i] == "\"" {
                i += 1
                while true {
                    guard i < s.count else { throw Bad(message: "unterminated quoted field") }
                    if s[i] == "\"" {
                        if i + 1 < s.count && s[i + 1] == "\"" { field.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(s[i]); i += 1
                }
            } else {
                while i < s.count && s[i] != "," && s[i] != "\r" && s[i] != "\n" {
                    if s[i] == "\"" { throw Bad(message: "quote inside an unquoted field at \(i)") }
                    field.append(s[i]); i += 1
                }
            }
            row.append(String(field))
            guard i < s.count else { throw Bad(message: "last record not terminated by CRLF") }
            if s[i] == "," { i += 1; continue }
            guard s[i] == "\r", i + 1 < s.count, s[i + 1] == "\n" else { throw Bad(message: "bare line break at \(i)") }
            i += 2
            rows.append(row)
            row = []
        }
        return rows
    }
}
