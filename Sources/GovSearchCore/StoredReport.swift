import Foundation
import Reports

/// What the index keeps of a report in the document data: enough to print a
/// hit without opening the file.
public struct StoredReport: Equatable, Sendable {
    /// A section's key and heading line (the heading text is in the report; storing it cost 1 % of the index).
    public struct StoredSection: Equatable, Sendable {
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
    var checksFailed: Bool?
    /// The tables that break their own totals (`requests`, `appeals`): `stats` leaves out their
    /// figures only. Nil in an index written before tables were told apart (then every figure is out).
    var brokenTables: [String]?
    /// Why a figure the report lacks is null (figure name → reason), where its table prints something.
    var nulls: [String: String]?
    /// The file's size and modification time when it was indexed: a hit whose
    /// file still has them is the text the index holds (the indexer's own test),
    /// so its matches can be placed in sections from the text read for the snippet.
    public var size: Int?
    public var mtime: Double?
    /// True when the text was read by OCR from a scanned PDF (kept in the index under `O:` + id).
    public var ocr: Bool?
    /// The report's other files, in primary order (`path` is the primary's).
    public var copies: [StoredCopy] = []
    /// Figures a copy reads differently from the primary.
    public var disagreements: [CopyDisagreement] = []

    public struct StoredCopy: Equatable, Sendable {
        public var path: String
        /// The file's format (`ReportFormat` raw value: text, html, pdf, …).
        public var format: String
    }

    /// One figure a copy gives otherwise than the primary (nil: the file gives none).
    public struct CopyDisagreement: Equatable, Sendable, JSONWritable {
        public var figure: String
        public var primary: Int?
        public var path: String
        public var copy: Int?

        /// `{"figure", "primary", "path", "copy"}`: in the stored report, `inspect --json` and `stats --show-failed`.
        public func write(to w: JSONWriter) {
            w.object {
                w.key("figure"); w.string(figure)
                w.key("primary"); w.optionalInt(primary)
                w.key("path"); w.string(path)
                w.key("copy"); w.optionalInt(copy)
            }
        }
    }

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
            if let brokenTables { w.key("brokenTables"); w.array { for t in brokenTables { w.element(); w.string(t) } } }
            if let nulls {
                w.key("nulls")
                w.object { for (k, v) in nulls.sorted(by: { $0.key < $1.key }) { w.key(k); w.string(v) } }
            }
            if let size { w.key("size"); w.int(size) }
            if let mtime, mtime.isFinite { w.key("mtime"); w.raw("\(mtime)") }  // shortest exact form
            if ocr == true { w.key("ocr"); w.bool(true) }
            if !copies.isEmpty { w.copies(copies) }
            if !disagreements.isEmpty {
                w.key("disagreements")
                w.array { for d in disagreements { w.element(); d.write(to: w) } }
            }
        }
        return w.utf8
    }

    /// The id alone, which `encoded()` writes first (a whole decoding reads every field). Bytes
    /// that do not begin as it writes them are decoded whole (nil: undecodable).
    static func id(ofEncoded bytes: [UInt8]) -> String? {
        let head = Array(#"{"id":""#.utf8)
        guard bytes.count > head.count, bytes.starts(with: head) else { return decode(bytes, figures: false)?.id }
        guard let end = bytes[head.count...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
              bytes[end] == UInt8(ascii: "\"") else { return decode(bytes, figures: false)?.id }
        return String(decoding: bytes[head.count..<end], as: UTF8.self)
    }

    /// Reads what `encoded()` wrote, straight into the fields: the one reader
    /// of the document data (search hits, streams, stats, the indexer's moves).
    /// - Parameter figures: false leaves `figures` nil (a hit printed as JSON
    ///   shows none; building their dictionary was half of the decoding).
    static func decode(_ bytes: [UInt8], figures wantFigures: Bool = true) -> StoredReport? {
        var r = StoredDataReader(bytes)
        var id: String?, path: String?, title: String?, year: Int?, agency: String?, region: String?
        var level: String?, format: String?, figures: [String: Int]?, checksFailed: Bool?
        var brokenTables: [String]?, nulls: [String: String]?
        var size: Int?, mtime: Double?, ocr: Bool?
        var sections: [StoredSection] = []
        var copies: [StoredCopy] = []
        var disagreements: [CopyDisagreement] = []
        let ok = r.object { r, key in
            switch key {
            case "id": id = r.optionalString()
            case "path": path = r.optionalString()
            case "title": title = r.optionalString()
            case "agency": agency = r.optionalString()
            case "region": region = r.optionalString()
            case "level": level = r.optionalString()
            case "format": format = r.optionalString()
            case "year": year = r.int()
            case "checksFailed": checksFailed = r.bool()
            case "brokenTables" where wantFigures:
                var t: [String] = []
                guard r.array({ r in
                    if let v = r.optionalString() { t.append(v) }
                    return true
                }) else { return false }
                brokenTables = t
            case "nulls" where wantFigures:
                var n: [String: String] = [:]
                guard r.object({ r, name in
                    if let v = r.optionalString() { n[name] = v }
                    return true
                }) else { return false }
                nulls = n
            case "size": size = r.int()
            case "mtime": mtime = r.double()
            case "ocr": ocr = r.bool()
            case "copies":
                return r.array { r in
                    var path: String?, format = ""
                    let ok = r.object { r, name in
                        switch name {
                        case "path": path = r.optionalString()
                        case "format": format = r.optionalString() ?? ""
                        default: return r.skip()
                        }
                        return true
                    }
                    if let path { copies.append(StoredCopy(path: path, format: format)) }
                    return ok
                }
            case "disagreements":
                return r.array { r in
                    var d = CopyDisagreement(figure: "", primary: nil, path: "", copy: nil)
                    let ok = r.object { r, name in
                        switch name {
                        case "figure": d.figure = r.optionalString() ?? ""
                        case "primary": d.primary = r.int()
                        case "path": d.path = r.optionalString() ?? ""
                        case "copy": d.copy = r.int()
                        default: return r.skip()
                        }
                        return true
                    }
                    disagreements.append(d)
                    return ok
                }
            case "sections":  // [{"key":…,"line":…}, …] without a dictionary per section
                return r.array { r in
                    var key: SectionKey?, line = 0
                    let ok = r.object { r, name in
                        switch name {
                        case "key": key = r.optionalString().flatMap(SectionKey.init(rawValue:))
                        case "line": line = r.int() ?? 0
                        default: return r.skip()
                        }
                        return true
                    }
                    if let key { sections.append(StoredSection(key: key, line: line)) }
                    return ok
                }
            case "figures" where wantFigures:
                var f: [String: Int] = [:]
                f.reserveCapacity(32)
                guard r.object({ r, name in
                    if let n = r.int() { f[name] = n }
                    return true
                }) else { return false }
                figures = f
            default:
                return r.skip()  // a field this version does not know, or figures not wanted
            }
            return true
        }
        guard ok, let id, let path else { return nil }
        return StoredReport(id: id, path: path, title: title, year: year, agency: agency, region: region,
                            level: level, format: format, sections: sections, figures: figures,
                            checksFailed: checksFailed, brokenTables: brokenTables, nulls: nulls,
                            size: size, mtime: mtime, ocr: ocr, copies: copies, disagreements: disagreements)
    }
}

/// The stable id of a report: a hash of its real absolute path, so the same
/// file reached from two working directories or through a link is one report.
public enum ReportID {
    static func make(forRealPath path: String) -> String {
        hex(fnv1a64(Array(path.utf8)))
    }

    /// The id of the file at this real path (`storedReport(file:)` finds its report).
    public static func file(_ realPath: String) -> String { make(forRealPath: realPath) }

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
    static func contentHash(_ data: Data) -> String {
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
