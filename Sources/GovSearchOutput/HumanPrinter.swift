import Foundation
import GovSearchCore

/// The terminal view of a search result.
public struct HumanPrinter {
    public var color: Bool
    public var facetLimit: Int

    public init(color: Bool, facetLimit: Int) {
        self.color = color
        self.facetLimit = facetLimit
    }

    public func write(_ r: SearchResult, to out: Output) throws {
        let shown = r.hits.isEmpty ? "" : " (showing \(r.offset + 1)–\(r.offset + r.hits.count))"
        try out.line("\(r.total) report\(r.total == 1 ? "" : "s") match \"\(r.query)\"\(shown)")
        for (i, h) in r.hits.enumerated() {
            let year = h.year.map(String.init) ?? "----"
            let agency = h.agency ?? "(agency unknown)"
            let sections = h.sections.isEmpty ? "" : "  [" + h.sections.map(\.rawValue).joined(separator: ", ") + "]"
            try out.line(String(format: "%3d. ", r.offset + i + 1) + bold(year + "  " + agency) + sections)
            if !h.snippet.isEmpty { try out.line("     " + emphasize(h.snippet, h.highlights)) }
            try out.line("     " + dim(h.path + (h.stored.ocr == true ? "  (text read by OCR)" : "")))
            for c in h.stored.copies { try out.line("     " + dim("also: " + c.path)) }
        }
        if !r.facets.isEmpty { try out.line("") }
        for f in r.facets where !f.counts.isEmpty {
            let items = f.counts.prefix(facetLimit).map { "\($0.value) \($0.count)" }
            let more = f.counts.count > facetLimit ? " …(+\(f.counts.count - facetLimit))" : ""
            try out.line("\(f.facet.rawValue): " + items.joined(separator: " · ") + more)
        }
    }

    func emphasize(_ s: String, _ ranges: [[Int]]) -> String {
        guard color else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        for r in ranges where r[0] >= i && r[1] <= scalars.count {
            out.append(contentsOf: scalars[i..<r[0]])
            out.append(contentsOf: "\u{1B}[1;31m".unicodeScalars)
            out.append(contentsOf: scalars[r[0]..<r[1]])
            out.append(contentsOf: "\u{1B}[0m".unicodeScalars)
            i = r[1]
        }
        out.append(contentsOf: scalars[i...])
        return String(out)
    }

    func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}
