import Reports
import XapianKit

/// How reports are laid out in Xapian: the prefix table and the value slots.
///
/// Text terms (CJK bigrams and unigrams, lower-case Latin words, gap terms like `议|`: see
/// Tokenizer) are stored once each, under the one-byte prefix of the section holding them
/// (`textPrefix`; none for text outside every section): Xapian itself then answers `section:`,
/// the section facet and a hit's sections (issue 25). Every other term starts with Q, X or Y,
/// which no section uses, so the two never collide.
public enum IndexSchema {
    /// A report's metadata fields, each written once: its name (the query language's `field:`,
    /// `--facets`, `--by`, JSON), its boolean term prefix, its value slot (facet counts, sorting)
    /// and the stored value it comes from. The compiler, the facets, `stats`, `trend`, sorting,
    /// `status` and the indexer read them from here.
    static let fields: [Field] = [
        Field(facet: .year, termPrefix: "Y", valueSlot: 0, match: .yearRange) { $0.year.map(String.init) },    // Y2020
        Field(facet: .agency, termPrefix: "XA", valueSlot: 1, match: .containing) { $0.agency },     // XA东丽区政务服务办
        Field(facet: .region, termPrefix: "XR", valueSlot: 2, match: .containing) { $0.region },
        Field(facet: .section, termPrefix: "XS", valueSlot: nil, match: .exact) { _ in nil },   // XSrequests: has that section
        Field(facet: .level, termPrefix: "XL", valueSlot: 4, match: .exact) { $0.level },
        Field(facet: .format, termPrefix: "XF", valueSlot: 5, match: .exact) { $0.format },
    ]

    struct Field: Sendable {
        /// How `field:value` selects reports.
        enum Match: Sendable {
            /// `year:2020`, `year:2018..2021`, `year:>=2020`.
            case yearRange
            /// Names containing the value (`agency:东丽区`).
            case containing
            case exact
        }
        let facet: Facet
        let termPrefix: String
        let valueSlot: UInt32?
        let match: Match
        /// The field's value in what the index stores of a report (nil: unknown, or not one value).
        let value: @Sendable (StoredReport) -> String?
    }

    static func field(_ facet: Facet) -> Field { fields.first { $0.facet == facet }! }

    // Term prefixes.
    static let idPrefix = "Q"           // unique id of a report
    static let yearPrefix = field(.year).termPrefix
    static let agencyPrefix = field(.agency).termPrefix
    static let sectionPrefix = field(.section).termPrefix
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

    // Value slots beside the fields' (year 0 and agency 1 as in the reference programs).
    /// The report's id (16 hex digits, evenly spread): streams walk the matches in ranges of it,
    /// which a remote shard evaluates itself (a docid window would need a match decider).
    static let idSlot: UInt32 = 3
    /// The primary file's TextSketch (base64), for `similar`: a value, so it goes with the document to every shard.
    static let sketchSlot: UInt32 = 6
    /// The text OCR read from a scanned PDF: hits, export and serve read it instead of running
    /// OCR again. A value of the document, so it goes with it (moves, deletes, shards, remote).
    static let ocrTextSlot: UInt32 = 14
    /// The stored report again (the document's data): streams sort each window by it, so that
    /// the match set carries it; a remote shard then sends a window at once, not a report at a
    /// time. Empty in an index written before issue 25's sixth stop: readers fall back to the data.
    static let storedSlot: UInt32 = 15

    /// Metadata key prefix of the per-file records used for incremental updates.
    static let fileRecordPrefix = "F:"
    static let lastRunKey = "govsearch:last-run"
    static let schemaKey = "govsearch:schema"
    /// A shard's own number (the shard list must name the shards in this order).
    static let shardKey = "govsearch:shard"
    /// 3: the stored report keeps its null reasons and broken tables (stats coverage).
    /// 4: one document per report with its copies; file records name their report and keep a sketch.
    /// 5: text terms under their section's prefix, the id in a value slot, no section ranges value.
    /// 6: punctuation between two runs is a gap term (`议|`, `|`), and a run's last character before
    /// a touching word or number is stored at its position: every phrase is exact in Xapian.
    static let schemaVersion = "6"
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

    static func facetSlot(_ facet: Facet) -> UInt32? { field(facet).valueSlot }

    /// The statistics figures kept as sortable value slots (`--sort=-granted`), each slot named.
    static let figureSlots: [(figure: String, slot: UInt32)] = [
        ("new_applications", 16), ("carried_over", 17), ("granted", 18), ("partially_granted", 19),
        ("withheld", 20), ("unable_to_provide", 21), ("not_processed", 22), ("other_handling", 23),
        ("handled_total", 24), ("carried_forward", 25), ("reconsideration", 26), ("litigation", 27),
    ]
}

/// The facets a search can count.
public enum Facet: String, CaseIterable, Codable, Sendable {
    case year, agency, region, section, level, format
    public static let defaults: [Facet] = [.year, .agency, .region, .section]
}
