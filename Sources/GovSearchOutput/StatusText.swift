import Foundation
import GovSearchCore

extension IndexStatus {
    /// `status`: the lines below, or one JSON object.
    public func write(json: Bool, to out: Output) throws {
        try json ? out.json(self) : out.line(text())
    }

    /// The `status` view: human-readable lines.
    public func text() -> String {
        var lines: [String] = []
        lines.append("index:      \(path)")
        lines.append("reports:    \(reports)" + (files != reports ? " in \(files) files" : ""))
        let sec = sections.filter { $0.count > 0 }.map { "\($0.key.rawValue) \($0.count)" }
        lines.append("sections:   " + (sec.isEmpty ? "none" : sec.joined(separator: ", ")))
        if let a = years.first, let b = years.last {
            lines.append("years:      \(a.year)–\(b.year) (" + years.map { "\($0.year): \($0.count)" }.joined(separator: ", ") + ")")
        } else {
            lines.append("years:      none")
        }
        lines.append("agencies:   \(agencies)")
        lines.append(String(format: "size:       %.1f MB on disk", Double(sizeBytes) / 1e6))
        if let r = lastRun {
            lines.append("updated:    \(r.finished)")
            var run = "last run:   \(r.indexed) files indexed, \(r.unchanged) unchanged, \(r.moved) moved, \(r.removed) removed, \(r.skippedCount) skipped"
            if r.skippedCount > 0 {
                run += " (" + r.skipsByCause.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") + ")"
            }
            lines.append(run)
            for s in r.skipped.prefix(20) { lines.append("  skipped \(s.path): \(s.reason)") }
            if r.skippedCount > 20 { lines.append("  … and \(r.skippedCount - 20) more") }
        } else {
            lines.append("updated:    never completed a run (an interrupted run leaves its last commit; re-run index)")
        }
        return lines.joined(separator: "\n")
    }
}
