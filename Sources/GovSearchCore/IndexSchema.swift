import Reports
import XapianKit

/// How reports are laid out in Xapian: the prefix table and the value slots.
///
/// Text terms (CJK bigrams and unigrams, lower-case Latin words) are stored once each, under the
/// one-byte prefix of the section holding them (`textPrefix`; none for text outside every section):
/// Xapian itself then answers `section:`, the section facet and a hit's sections (issue 25). Every
/// other term starts with Q, X or Y, which no section uses, so the two never collide.
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

    /// The prefix of the text terms of section `key` (nil: text before or outside every section).
    static func textPrefix(_ key: SectionKey?) -> [UInt8] {
        guard let key else { return [] }
        return [sectionTermLetters[key.ordinal]]
    }
    /// One letter per section in `SectionKey` order: preamble A, overview B, proactive C, requests D,
    /// appeals E, problems F, other G, fees H.
    private static let sectionTermLetters: [UInt8] = Array("ABCDEFGH".utf8)
    /// Every text prefix, the empty one first: the places an unfielded word may stand.
    static let allTextPrefixes: [[UInt8]] = [[]] + SectionKey.allCases.map { textPrefix($0) }

    // Value slots (0 and 1 as in the reference programs).
    static let yearSlot: UInt32 = 0
    static let agencySlot: UInt32 = 1
    static let regionSlot: UInt32 = 2
    /// The report's id (16 hex digits, evenly spread): streams walk the matches in ranges of it,
    /// which a remote shard evaluates itself (a docid window would need a match decider).
    static let idSlot: UInt32 = 3
    static let levelSlot: UInt32 = 4
    static let formatSlot: UInt32 = 5
    /// The primary file's TextSketch (base64), for `similar`: a value, so it goes with the document to every shard.
    static let sketchSlot: UInt32 = 6
    /// The text OCR read from a scanned PDF: hits, export and serve read it instead of running
    /// OCR again. A value of the document, so it goes with it (moves, deletes, shards, remote).
    static let ocrTextSlot: UInt32 = 14
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
    /// 5: text terms under their section's prefix, the id in a value slot, no section ranges value.
    static let schemaVersion = "5"
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
