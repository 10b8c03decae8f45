import Reports

/// What a run keeps in memory of a file's record (ReportGroups): what every file needs for
/// deciding which files are unchanged, moved or gone and which file is a report's primary.
/// The sketch's samples live once, in ReportGroups' postings; the samples and the figures are
/// read back from the index's record for the few files whose record is rewritten or that a new
/// file may be a copy of. (100,000 files: the whole records held about 190 MB during a run.)
struct KnownFile {
    var size: Int
    var mtime: Double
    var hash: String
    var report: String
    var indexed: Bool
    var rank: FileRank
    var year: Int?
    var agency: String?
    var format: String
    var path: String
    /// The sketch's sample count and characters (what a copy match tests first), and a digest of
    /// its samples (an update that changes them re-posts them).
    var samples: Int32
    var characters: Int32
    var sketchDigest: UInt64

    init(_ r: FileRecord) {
        size = r.size; mtime = r.mtime; hash = r.hash; report = r.report; indexed = r.indexed; rank = r.rank
        year = r.year; agency = r.agency; format = r.format; path = r.path
        samples = Int32(clamping: r.sketch.samples.count)
        characters = Int32(clamping: r.sketch.characters)
        sketchDigest = Self.digest(r.sketch)
    }

    /// FNV-1a over the character count and the samples.
    static func digest(_ sketch: TextSketch) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in [UInt32(clamping: sketch.characters)] + sketch.samples {
            h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
