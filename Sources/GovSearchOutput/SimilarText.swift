import Foundation
import GovSearchCore

extension SimilarResult {
    /// `similar`: the lines below, or one JSON object.
    public func write(json: Bool, to out: Output) throws {
        try json ? out.json(self) : out.line(text())
    }

    /// The terminal view: the target, then one line per similar report, most shared first.
    public func text() -> String {
        var lines = ["\(year.map(String.init) ?? "----")  \(agency ?? "(agency unknown)")  \(path)  (\(sentences) sentences)"]
        if matches.isEmpty {
            lines.append(String(format: "no report holds %.0f%% of its sentences (%d compared, %d measured)", minShare * 100, compared, measured))
        }
        for m in matches {
            lines.append(String(format: "%5.1f%% %5.1f%%  %@  %@  %@", m.share * 100, m.shareOfOther * 100,
                                m.year.map(String.init) ?? "----", m.agency ?? "(agency unknown)", m.path))
        }
        if !matches.isEmpty { lines.insert(" share  of other  (share: of the target's sentences found in the report; of other: the report's found in the target)", at: 1) }
        return lines.joined(separator: "\n")
    }
}
