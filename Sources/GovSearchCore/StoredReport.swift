import Foundation
import Reports

/// What the index keeps of a report in the document data: enough to print a
/// hit without opening the file.
public struct StoredReport: Codable, Equatable, Sendable {
    public struct StoredSection: Codable, Equatable, Sendable {
        public var key: SectionKey
        public var heading: String
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
    public var size: Int
    public var mtime: Double
    public var hash: String

    func encoded() -> [UInt8] { Array((try? StoredReport.encoder.encode(self)) ?? Data()) }

    static func decode(_ bytes: [UInt8]) -> StoredReport? {
        try? JSONDecoder().decode(StoredReport.self, from: Data(bytes))
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
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
