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
    }

    /// Whether the two hold the same bytes: then their sketches are one (a run reads every file with
    /// one reader; a new reader version makes the run read every file again).
    func sameContent(as other: KnownFile) -> Bool { hashHigh == other.hashHigh && hashLow == other.hashLow }
}
