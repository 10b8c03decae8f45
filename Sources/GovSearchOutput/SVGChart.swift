import Foundation
import GovSearchCore

/// A self-contained SVG chart of a trend: bars for the number of matching
/// reports per value, and (for a year trend) a line for the share of all
/// reports, on a right-hand axis. Opens in any browser; Chinese text uses a
/// CJK-capable font-family list.
public enum SVGChart {
    static let fontFamily = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei','Noto Sans SC',sans-serif"

    /// `trend --svg FILE`: the chart written through the one writer, so that a
    /// write error is reported as for any output. Written in place (a device
    /// such as /dev/stdout must not be replaced by a renamed temporary file).
    public static func write(_ t: Trend, toFile path: String) throws {
        do {
            let file = try Output(creating: path)
            try file.write(trend(t))
            try file.close()
        } catch let e as OutputError {
            throw GovSearchError.badArgument("cannot write \(path): \(e.reason)")
        }
    }

    /// Escapes text for XML content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters.
                if u.value < 0x20 && u != "\n" && u != "\t" { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    public static func trend(_ t: Trend, title: String? = nil) -> String {
        let rows = t.rows
        let n = max(rows.count, 1)
        let longLabels = t.by != .year && t.by != .level && t.by != .format && t.by != .section
        let left = 70.0, right = 70.0, top = 70.0
        let bottom = longLabels ? 170.0 : 70.0
        let slot = max(28.0, min(70.0, 760.0 / Double(n)))
        let plotW = slot * Double(n)
        let plotH = 320.0
        let width = left + plotW + right, height = top + plotH + bottom
        let maxCount = max(rows.map(\.count).max() ?? 0, 1)
        let step = max(1, niceStep(Double(maxCount) * 1.08 / 5))
        let axisMax = max(step * (Double(maxCount) * 1.08 / step).rounded(.up), step)
        let maxShare = max(rows.map(\.share).max() ?? 0, 0.0001)
        let shareStep = niceStep(maxShare * 1.08 / 5)
        let shareMax = min(max(shareStep * (maxShare * 1.08 / shareStep).rounded(.up), shareStep), 1)
        func y(_ v: Double) -> Double { top + plotH - v / axisMax * plotH }
        func ys(_ v: Double) -> Double { top + plotH - v / shareMax * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="\(fontFamily)">
        <rect width="100%" height="100%" fill="#ffffff"/>

        """
        let heading = title ?? "“\(t.query.isEmpty ? "all reports" : t.query)”: matching reports by \(t.by.rawValue)"
        s += "<text x=\"\(f(width / 2))\" y=\"30\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\" fill=\"#222\">\(escape(heading))</text>\n"
        s += "<text x=\"\(f(width / 2))\" y=\"52\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">\(escape("\(t.matches) of \(t.reports) reports match; blue bars: matching reports; red \(t.by == .year ? "line" : "dots"): their share of all reports with that \(t.by.rawValue)"))</text>\n"
        // Grid and left axis (counts).
        var v = 0.0
        while v <= axisMax + step / 2 {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">\(FieldValue.plain(v))</text>\n"
            v += step
        }
        // Right axis (share, percent).
        var sv = 0.0
        while sv <= shareMax + shareStep / 2 {
            s += "<text x=\"\(f(left + plotW + 8))\" y=\"\(f(ys(sv) + 4))\" font-size=\"11\" fill=\"#c0392b\">\(FieldValue.plain((sv * 1000).rounded() / 10))%</text>\n"
            sv += shareStep
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/>\n"
        s += "<text transform=\"translate(18 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#444\">matching reports</text>\n"
        s += "<text transform=\"translate(\(f(width - 14)) \(f(top + plotH / 2))) rotate(90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#c0392b\">share of all reports</text>\n"
        // Bars and labels.
        var points: [String] = []
        for (i, r) in rows.enumerated() {
            let x = left + slot * Double(i)
            let bw = slot * 0.7
            let bx = x + (slot - bw) / 2
            let barTop = y(Double(r.count))
            s += "<rect x=\"\(f(bx))\" y=\"\(f(barTop))\" width=\"\(f(bw))\" height=\"\(f(top + plotH - barTop))\" fill=\"#3b7dd8\"><title>\(escape("\(r.value): \(r.count) of \(r.total) (\(String(format: "%.1f", r.share * 100))%)"))</title></rect>\n"
            if slot >= 34 || rows.count <= 20 {
                let inside = top + plotH - barTop > 18
                s += "<text x=\"\(f(x + slot / 2))\" y=\"\(f(inside ? top + plotH - 6 : barTop - 4))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(inside ? "#ffffff" : "#333")\">\(r.count)</text>\n"
            }
            let cx = x + slot / 2, ly = top + plotH + 16
            if longLabels {
                let label = TextTable.truncate(r.value, 22)
                s += "<text transform=\"translate(\(f(cx + 4)) \(f(ly - 6))) rotate(60)\" font-size=\"11\" fill=\"#333\">\(escape(label))</text>\n"
            } else {
                s += "<text x=\"\(f(cx))\" y=\"\(f(ly))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">\(escape(r.value))</text>\n"
            }
            points.append("\(f(cx)),\(f(ys(r.share)))")
        }
        if t.by == .year && !points.isEmpty {
            s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"5\" stroke-opacity=\"0.8\"/>\n"
            s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n"
            for p in points {
                let xy = p.split(separator: ",")
                s += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"#c0392b\"/>\n"
            }
        } else {
            for p in points {
                let xy = p.split(separator: ",")
                s += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"4\" fill=\"#c0392b\"/>\n"
            }
        }
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#444\">\(escape(t.by.rawValue))</text>\n"
        s += "</svg>\n"
        return s
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let p = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 5.0, 10.0] where m * p >= raw { return m * p }
        return 10 * p
    }
}
