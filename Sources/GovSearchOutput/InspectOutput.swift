import Foundation
import GovSearchCore
import Reports

/// `inspect`: what govsearch reads in a report, for people or as one JSON
/// object a line (`InspectRecord`, whose JSON form the API shares).
public enum InspectOutput {
    /// - Parameter indexed: the index's report holding this file, when an index holds it.
    public static func write(_ r: Report, json: Bool, indexed: StoredReport? = nil, to out: Output) throws {
        if json {
            let w = JSONWriter()
            InspectRecord(r).write(to: w, indexed: indexed)
            try out.line(String(decoding: w.utf8, as: UTF8.self))
        } else {
            try out.line(text(r) + (indexed.map(indexText) ?? ""))
        }
    }

    /// The file's report in the index: its id, files, and the figures its copies read otherwise.
    static func indexText(_ r: StoredReport) -> String {
        var o = ["", "  in the index: report \(r.id), \(r.copies.count + 1) file\(r.copies.isEmpty ? "" : "s")"]
        o.append("    primary: \(ReportError.printable(r.path))")
        for c in r.copies { o.append("    copy:    \(ReportError.printable(c.path))  (\(c.format))") }
        if !r.disagreements.isEmpty { o.append("  copies that read figures otherwise than the primary:") }
        for d in r.disagreements {
            o.append("    \(d.figure): \(d.primary.map(String.init) ?? "null") in the primary, \(d.copy.map(String.init) ?? "null") in \(ReportError.printable(d.path))")
        }
        return o.joined(separator: "\n")
    }

    static func pad(_ s: String, _ w: Int) -> String {
        // CJK characters take two columns
        let width = s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        return width >= w ? s : s + String(repeating: " ", count: w - width)
    }
    static func num(_ v: Int?) -> String { v.map(String.init) ?? "-" }
    static func num(_ v: Double?) -> String {
        guard let v else { return "-" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The human view: metadata, sections with heading lines, the tables and their checks.
    static func text(_ r: Report) -> String {
        var o: [String] = []
        let m = r.metadata
        o.append(ReportError.printable(r.path) + (r.ocr ? "  (text read by OCR: it may hold misread characters)" : ""))
        o.append("  title:   \(r.title ?? "(none)")")
        o.append("  year:    \(m.year.map(String.init) ?? "(unknown)")    format: \(m.format ?? "(unknown)")")
        o.append("  agency:  \(m.agency ?? "(unknown)")")
        o.append("  region:  \(m.region ?? "(unknown)")    level: \(m.level ?? "(unknown)")")
        o.append("  sections:")
        for s in r.sections {
            o.append("    \(pad(s.key.rawValue, 10)) line \(pad(String(s.line), 5)) [\(s.start), \(s.end))  \(s.heading)")
        }
        if let st = r.statistics {
            if !st.proactive.isEmpty {
                o.append("  proactive disclosure:")
                for (item, cols) in st.proactive.sorted(by: { $0.key < $1.key }) {
                    let cells = cols.sorted { $0.key < $1.key }.map { "\($0.key)=\(num($0.value))" }.joined(separator: "  ")
                    o.append("    \(pad(item, 20)) \(cells)")
                }
            }
            if let rq = st.requests {
                o.append("  applications:")
                let heads = ["natural", "business", "research", "public", "legal", "other", "total"]
                o.append("    " + pad("", 34) + heads.map { pad($0, 9) }.joined())
                for name in RequestStatistics.rowNames {
                    guard let row = rq[name] else { continue }
                    o.append("    " + pad(name, 34) + row.values.map { pad(num($0), 9) }.joined())
                    for (k, v) in (row.items ?? [:]).sorted(by: { $0.key < $1.key }) {
                        o.append("      " + pad(k, 32) + v.values.map { pad(num($0), 9) }.joined())
                    }
                }
            }
            if let ap = st.appeals {
                o.append("  reconsideration and litigation:")
                o.append("    " + pad("", 34) + ["upheld", "corrected", "other", "pending", "total"].map { pad($0, 10) }.joined())
                for (name, row) in [("reconsideration", ap.reconsideration), ("litigation_direct", ap.litigation_direct), ("litigation_after_reconsideration", ap.litigation_after_reconsideration)] {
                    guard let row else { continue }
                    o.append("    " + pad(name, 34) + row.values.map { pad(num($0), 10) }.joined())
                }
            }
        } else {
            o.append("  statistics: (no tables found)")
        }
        if r.checks.isEmpty {
            if r.statistics != nil { o.append("  checks: all passed") }
        } else {
            o.append("  checks failed:")
            for c in r.checks { o.append("    \(c.rule): \(c.message) (expected \(c.expected), found \(c.found))") }
        }
        for w in r.warnings { o.append("  warning: \(w)") }
        return o.joined(separator: "\n")
    }
}
