import Foundation

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
    static func truncate(_ s: String, _ w: Int) -> String {
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
