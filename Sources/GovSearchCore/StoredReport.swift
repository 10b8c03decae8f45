import Foundation
import Reports

/// What the index keeps of a report in the document data: enough to print a
/// hit without opening the file.
public struct StoredReport: Codable, Equatable, Sendable {
    /// A section's key and heading line (the heading text is in the report; storing it cost 1 % of the index).
    public struct StoredSection: Codable, Equatable, Sendable {
        public var key: SectionKey
        public var line: Int
    }
    public var id: String
    public var path: String
    public var title: String?
    public var year: Int?
    public var agency: String?
    public var region: String?
    public var level: String?
    public var format: String?
    public var sections: [StoredSection]
    /// Figures of the statistics tables, by `Reports` figure name.
    public var figures: [String: Int]?
    /// True when the tables failed one of their own consistency checks.
    public var checksFailed: Bool?
    /// Content hash (size and mtime live in the per-file records the indexer keeps).
    public var hash: String

    /// JSON written by hand: JSONEncoder costs a measurable share of indexing time.
    func encoded() -> [UInt8] {
        let w = JSONWriter()
        w.object {
            w.key("id"); w.string(id)
            w.key("path"); w.string(path)
            if let title { w.key("title"); w.string(title) }
            if let year { w.key("year"); w.int(year) }
            if let agency { w.key("agency"); w.string(agency) }
            if let region { w.key("region"); w.string(region) }
            if let level { w.key("level"); w.string(level) }
            if let format { w.key("format"); w.string(format) }
            w.key("sections")
            w.array {
                for s in sections {
                    w.element()
                    w.object { w.key("key"); w.string(s.key.rawValue); w.key("line"); w.int(s.line) }
                }
            }
            if let figures {
                w.key("figures")
                w.object { for (k, v) in figures.sorted(by: { $0.key < $1.key }) { w.key(k); w.int(v) } }
            }
            if let checksFailed { w.key("checksFailed"); w.bool(checksFailed) }
            w.key("hash"); w.string(hash)
        }
        return w.utf8
    }

    /// Reads what `encoded()` wrote.
    static func decode(_ bytes: [UInt8]) -> StoredReport? {
        guard let o = JSONValue.parse(bytes), let id = o["id"]?.string, let path = o["path"]?.string else { return nil }
        var sections: [StoredSection] = []
        for s in o["sections"]?.array ?? [] {
            guard let key = s["key"]?.string.flatMap(SectionKey.init(rawValue:)) else { continue }
            sections.append(StoredSection(key: key, line: s["line"]?.int ?? 0))
        }
        var figures: [String: Int]? = nil
        if let f = o["figures"]?.object {
            figures = [:]
            for (k, v) in f { if let n = v.int { figures![k] = n } }
        }
        return StoredReport(
            id: id, path: path, title: o["title"]?.string, year: o["year"]?.int, agency: o["agency"]?.string,
            region: o["region"]?.string, level: o["level"]?.string, format: o["format"]?.string,
            sections: sections, figures: figures, checksFailed: o["checksFailed"]?.bool,
            hash: o["hash"]?.string ?? "")
    }
}

/// The stable id of a report: a hash of its real absolute path, so the same
/// file reached from two working directories or through a link is one report.
public enum ReportID {
    public static func make(forRealPath path: String) -> String {
        hex(fnv1a64(Array(path.utf8)))
    }

    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Content hash (two FNV-1a lanes, 128 bits): detects changed and moved files.
    public static func contentHash(_ data: Data) -> String {
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x6c62_272e_07bb_0142
        data.withUnsafeBytes { raw in
            for b in raw.bindMemory(to: UInt8.self) {
                h1 ^= UInt64(b); h1 = h1 &* 0x0000_0100_0000_01B3
                h2 ^= UInt64(b); h2 = (h2 &* 0x0000_0100_0000_01B3) ^ (h2 >> 29)
            }
        }
        return hex(h1) + hex(h2)
    }
}
