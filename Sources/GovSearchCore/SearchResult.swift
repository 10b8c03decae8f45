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

    /// The `--json` object (keys in the documented order).
    public func json() -> String {
        let w = JSONWriter()
        w.object {
            w.key("query"); w.string(query)
            w.key("total"); w.int(total)
            w.key("offset"); w.int(offset)
            w.key("limit"); w.int(limit)
            w.key("hits")
            w.array {
                for h in hits {
                    w.element()
                    w.object {
                        w.key("id"); w.string(h.id)
                        w.key("path"); w.string(h.path)
                        w.key("year"); w.optionalInt(h.year)
                        w.key("agency"); w.optionalString(h.agency)
                        w.key("region"); w.optionalString(h.region)
                        w.key("title"); w.optionalString(h.title)
                        w.key("score"); w.double(h.score)
                        w.key("sections"); w.array { for s in h.sections { w.element(); w.string(s.rawValue) } }
                        w.key("snippet"); w.string(h.snippet)
                        w.key("highlights")
                        w.array { for r in h.highlights { w.element(); w.array { for v in r { w.element(); w.int(v) } } } }
                    }
                }
            }
            w.key("facets")
            w.object {
                for f in facets {
                    w.key(f.facet.rawValue)
                    w.object { for (v, c) in f.counts { w.key(v); w.int(c) } }
                }
            }
        }
        return w.output
    }
}

/// A small streaming JSON writer: fixed key order, no Foundation round trip.
public final class JSONWriter {
    public private(set) var output = ""
    private var needsComma: [Bool] = []

    public init() {}

    public func object(_ body: () -> Void) {
        output += "{"; needsComma.append(false); body(); needsComma.removeLast(); output += "}"
    }

    public func array(_ body: () -> Void) {
        output += "["; needsComma.append(false); body(); needsComma.removeLast(); output += "]"
    }

    public func key(_ k: String) {
        separator()
        string(k)
        output += ":"
    }

    /// Call before each array element.
    public func element() { separator() }

    private func separator() {
        if needsComma.last == true { output += "," }
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    public func int(_ v: Int) { output += String(v) }
    public func optionalInt(_ v: Int?) { output += v.map(String.init) ?? "null" }
    public func double(_ v: Double) {
        output += v.isFinite ? String(format: "%.4f", v) : "null"
    }
    public func optionalString(_ v: String?) { if let v { string(v) } else { output += "null" } }
    public func bool(_ v: Bool) { output += v ? "true" : "false" }
    public func null() { output += "null" }

    public func string(_ s: String) {
        output += "\""
        // Fast path: most strings need no escaping and are appended whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output += s
            output += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    output.unicodeScalars.append(u)
                }
            }
        }
        output += "\""
    }

    /// Raw, already-encoded JSON.
    public func raw(_ json: String) { output += json }
}
