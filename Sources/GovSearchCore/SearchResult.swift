import Foundation
import Reports

/// One search hit, as printed by `--json` and the API.
public struct Hit: Sendable {
    public var id: String
    public var path: String
    public var year: Int?
    public var agency: String?
    public var region: String?
    public var title: String?
    public var score: Double
    public var sections: [SectionKey]
    public var snippet: String
    public var highlights: [[Int]]
    public var stored: StoredReport
}

/// Facet counts: values with their number of matching reports, most first.
public struct FacetCounts: Sendable {
    public var facet: Facet
    public var counts: [(value: String, count: Int)]
}

public struct SearchResult: Sendable {
    public var query: String
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var hits: [Hit]
    public var facets: [FacetCounts]
    /// Shards left out (`--allow-partial`): totals and facets cover the others only.
    public var missingShards: [String] = []
}

extension SearchResult: JSONWritable {
    /// The `--json` object (keys in the documented order).
    public func write(to w: JSONWriter) {
        w.object {
            w.key("query"); w.string(query)
            w.key("total"); w.int(total)
            w.key("offset"); w.int(offset)
            w.key("limit"); w.int(limit)
            w.key("hits")
            w.array { for h in hits { w.element(); h.write(to: w) } }
            w.key("facets")
            w.object { for f in facets { f.write(to: w) } }
            if !missingShards.isEmpty { w.key("missing_shards"); w.array { for m in missingShards { w.element(); w.string(m) } } }
        }
    }
}

extension Hit: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.reportNaming(id: id, path: path, year: year, agency: agency)
            w.copies(stored.copies)
            w.key("region"); w.optionalString(region)
            w.key("title"); w.optionalString(title)
            w.key("score"); w.double(score)
            w.key("sections"); w.array { for s in sections { w.element(); w.string(s.rawValue) } }
            w.key("snippet"); w.string(snippet)
            w.key("highlights")
            w.array { for r in highlights { w.element(); w.array { for v in r { w.element(); w.int(v) } } } }
            // a scanned PDF's text, read by OCR: it may hold misread characters
            w.key("ocr"); w.bool(stored.ocr == true)
        }
    }
}

extension FacetCounts {
    /// One member of the `facets` object: the facet's name and its counts.
    public func write(to w: JSONWriter) {
        w.key(facet.rawValue)
        w.object { for (v, c) in counts { w.key(v); w.int(c) } }
    }
}

extension JSONWriter {
    /// `"copies"`: the report's other files, in primary order; `[]` for a report in one file.
    public func copies(_ copies: [StoredReport.StoredCopy]) {
        key("copies")
        array {
            for c in copies {
                element()
                object { key("path"); string(c.path); key("format"); string(c.format) }
            }
        }
    }

    /// The members that name a report, first in a hit and in a failed report: id, path, year, agency.
    func reportNaming(id: String, path: String, year: Int?, agency: String?) {
        key("id"); string(id)
        key("path"); string(path)
        key("year"); optionalInt(year)
        key("agency"); optionalString(agency)
    }
}
