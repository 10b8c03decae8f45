import Reports

/// What a run keeps in memory of a file's record (ReportGroups): what every file needs for
/// deciding which files are unchanged, moved or gone and which file is a report's primary.
/// The sketch's samples live once, in ReportGroups' postings; the samples and the figures are
/// read back from the index's record for the few files whose record is rewritten or that a new
/// file may be a copy of. (100,000 files: the whole records held about 190 MB during a run.)
struct KnownFile {
    var size: Int
    var mtime: Double
    /// The content hash's 32 hex digits as two numbers (as a String they cost 64 bytes more a file);
    /// a record with another form of hash gets zeros, which no new content hash equals: the file is read again.
    private var hashHigh: UInt64
    private var hashLow: UInt64
    var hash: String { ReportID.hex(hashHigh) + ReportID.hex(hashLow) }
    var report: String
    var indexed: Bool
    var rank: FileRank
    var year: Int?
    var agency: String?
    var format: String
    var path: String
    /// A digest of its sketch (an update that changes it re-posts the samples).
    var sketchDigest: UInt64
    /// Its number in ReportGroups' postings (-1: none yet).
    var number: Int32 = -1

    init(_ r: FileRecord) {
        size = r.size; mtime = r.mtime; report = r.report
        if r.hash.utf8.count == 32, let high = UInt64(r.hash.prefix(16), radix: 16), let low = UInt64(r.hash.suffix(16), radix: 16) {
            hashHigh = high; hashLow = low
        } else {
            hashHigh = 0; hashLow = 0
        }
        indexed = r.indexed; rank = r.rank
        year = r.year; agency = r.agency; format = r.format; path = r.path
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
