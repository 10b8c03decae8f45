import Reports
import XapianKit

/// How reports are laid out in Xapian: the prefix table and the value slots.
///
/// Text terms (CJK bigrams and unigrams, lower-case Latin words) have no
/// prefix; every other term starts with upper-case letters, so the two never
/// collide.
public enum IndexSchema {
    // Term prefixes.
    static let idPrefix = "Q"           // unique id of a report
    static let yearPrefix = "Y"         // Y2020
    static let agencyPrefix = "XA"      // XA东丽区政务服务办
    static let regionPrefix = "XR"
    static let sectionPrefix = "XS"     // XSrequests: the report has that section
    static let levelPrefix = "XL"
    static let formatPrefix = "XF"
    static let filePrefix = "XP"        // XP<file id>: the report has that file (its primary or a copy)

    // Value slots (0 and 1 as in the reference programs).
    static let yearSlot: UInt32 = 0
    static let agencySlot: UInt32 = 1
    static let regionSlot: UInt32 = 2
    /// Packed section position ranges: per section 1 byte ordinal, 4+4 bytes start/end position.
    static let sectionsSlot: UInt32 = 3
    static let levelSlot: UInt32 = 4
    static let formatSlot: UInt32 = 5
    /// The primary file's TextSketch (base64), for `similar`: a value, so it goes with the document to every shard.
    static let sketchSlot: UInt32 = 6
    /// The text OCR read from a scanned PDF: hits, export and serve read it instead of running
    /// OCR again. A value of the document, so it goes with it (moves, deletes, shards, remote).
    static let ocrTextSlot: UInt32 = 14
    /// In a sharded index: the shard's number (decimal), as in the shard list's order. Xapian 1.4 gives
    /// a match decider docids within a shard; this makes them docids of the shards searched as one.
    static let shardSlot: UInt32 = 13
    /// First of the slots holding statistics figures (sortable numbers), in `Reports` figure-name order.
    static let firstFigureSlot: UInt32 = 16

    /// Metadata key prefix of the per-file records used for incremental updates.
    static let fileRecordPrefix = "F:"
    static let lastRunKey = "govsearch:last-run"
    static let schemaKey = "govsearch:schema"
    /// A shard's own number (the shard list must name the shards in this order).
    static let shardKey = "govsearch:shard"
    /// 3: the stored report keeps its null reasons and broken tables (stats coverage).
    /// 4: one document per report with its copies; file records name their report and keep a sketch.
    static let schemaVersion = "4"
    /// What the reports were read with: raise it when a change to `Reports` reads figures, sections
    /// or metadata otherwise, and the next `index` reads every file again (no `--rebuild` needed),
    /// so that no report keeps a figure the current reader would not give.
    static let readerKey = "govsearch:reader"
    /// 2: figures from prose, headings run together, agencies under their city (issue 26).
    /// 3: tables read through page chrome and hard wraps, ambiguous layouts left null (issue 26's renderings).
    /// 4: granted/withheld from prose, thematic headings (000), opening-sentence departments, crawled titles’ page words.
    static let readerVersion = "4"

    /// Longest Latin word indexed, in UTF-8 bytes: Xapian's term limit less
    /// room for a prefix; longer words are skipped in documents and queries alike.
    public static let maxWordBytes = Term.maxBytes - 5

    /// Extra within-document frequency for title and heading terms (ranks them up).
    static let headingWdfBoost: UInt32 = 4

    static func facetSlot(_ facet: Facet) -> UInt32? {
        switch facet {
        case .year: return yearSlot
        case .agency: return agencySlot
        case .region: return regionSlot
        case .level: return levelSlot
        case .format: return formatSlot
        case .section: return nil
        }
    }
}

/// The facets a search can count.
public enum Facet: String, CaseIterable, Codable, Sendable {
    case year, agency, region, section, level, format
    public static let defaults: [Facet] = [.year, .agency, .region, .section]
}

/// Packs and unpacks the per-report section position ranges.
public struct SectionRanges: Equatable, Sendable {
    public struct Range: Equatable, Sendable {
        public var key: SectionKey
        public var start: UInt32
        public var end: UInt32
    }
    public var ranges: [Range]

    public init(_ ranges: [Range]) { self.ranges = ranges }

    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(ranges.count * 9)
        for r in ranges {
            out.append(UInt8(r.key.ordinal))
            for v in [r.start, r.end] { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    public init(decoding bytes: [UInt8]) {
        var out: [Range] = []
        var i = 0
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        while i + 9 <= bytes.count {
            let ord = Int(bytes[i])
            if ord < SectionKey.allCases.count {
                out.append(Range(key: SectionKey.allCases[ord], start: u32(i + 1), end: u32(i + 5)))
            }
            i += 9
        }
        ranges = out
    }

    /// The section holding a term position, if any.
    public func section(at position: UInt32) -> SectionKey? {
        for r in ranges where position >= r.start && position < r.end { return r.key }
        return nil
    }
}
