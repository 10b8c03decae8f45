import Reports

/// Which files are copies of which report, as the indexer keeps it in memory during a run:
/// built from the file records, changed as files come, go and change, and asked which
/// report a newly read file is a copy of.
///
/// A file is a copy of a report when its sketch is a copy (TextSketch.isCopy) of the sketch
/// of one of the report's files of the same year (no year: compared with reports without
/// one), and the two don't name different agencies. Per year, an inverted index of the
/// files' sketch samples counts, for a new file, the samples every other file shares with
/// it: the files sharing none are never looked at, and the count is the containment
/// (a merge walk per pair cost 39 % of the CPU of indexing 10,000 generated reports). The agency is no block — a saved page or
/// a text dump often loses it, or names it shorter — but a veto: two agencies that neither
/// contains the other are two reports, however much boilerplate one repeats of the other
/// (generated reports do that, and so do agencies filling one template).
///
/// A file is held as a `KnownFile`: its sketch's samples only in the postings, its figures not
/// at all (`match` asks the caller for a candidate's figures, which the index's record has).
struct ReportGroups {
    struct Group {
        var id: String
        var shard: Int
        /// File id → record.
        var files: FileSet

        /// The file that should be the primary: the first in FileRank order.
        var best: String? {
            files.min { a, b in a.value.rank.precedes(b.value.rank, path: a.value.path, otherPath: b.value.path) }?.key
        }
        /// The file whose text the report's document holds now.
        var indexed: String? { files.first { $0.value.indexed }?.key }
        /// The files in primary order.
        var ordered: [(id: String, record: KnownFile)] {
            files.map { ($0.key, $0.value) }.sorted { a, b in a.1.rank.precedes(b.1.rank, path: a.1.path, otherPath: b.1.path) }
        }
    }

    private(set) var groups: [String: Group] = [:]
    /// File id → report id.
    private(set) var owner: [String: String] = [:]
    /// Ids of reports gone or held by documents no record names: with the groups' ids, the ids
    /// given out before (an id is never reused for another report in one run).
    private var retiredIDs = Set<String>()
    /// Per year, each sketch sample → the files holding it (by number): the files sharing a new
    /// file's samples, counted, give each one's containment without comparing every pair.
    /// A file that leaves or changes its sketch gets a new number: its old number's postings stay,
    /// dead (the samples are not kept elsewhere to find them by).
    private var postings: [Int?: [UInt32: [Int32]]] = [:]
    /// File number → file id (nil once dead); a file's number is in its KnownFile.
    private var fileIDs: [String?] = []
    /// File number → its sketch's sample count and characters (what `match` tests first).
    private var sizes: [(samples: Int32, characters: Int32)] = []
    /// `match`'s scratch: shared samples per file number, zero between calls.
    private var counts: [UInt16] = []

    var reportCount: Int { groups.count }

    func record(_ file: String) -> KnownFile? {
        owner[file].flatMap { groups[$0]?.files[file] }
    }

    /// Adds a file to a report (creating the report when new).
    mutating func add(_ file: String, _ record: FileRecord, shard: Int) {
        let id = record.report
        var known = KnownFile(record)
        if let a = known.agency { known.agency = interned(a) }
        // One copy of the id's text for the report and its files.
        if let g = groups[id] { known.report = g.id }
        if let old = self.record(file) { unpost(old.number) }
        known.number = post(file, record)
        groups[id, default: Group(id: id, shard: shard, files: FileSet())].files[file] = known
        owner[file] = id
    }

    /// Replaces a file's record (same report).
    mutating func update(_ file: String, _ record: FileRecord) {
        guard let id = owner[file], let old = groups[id]?.files[file] else { return }
        var known = KnownFile(record)
        known.agency = old.agency == known.agency ? old.agency : known.agency.map { interned($0) }
        known.report = old.report
        known.number = old.number
        if !old.sameContent(as: known) || old.year != known.year {
            unpost(old.number)
            known.number = post(file, record)
        }
        groups[id]?.files[file] = known
    }

    /// Takes a file out of its report; returns the report's id and whether the report is now empty.
    @discardableResult
    mutating func remove(_ file: String) -> (report: String, empty: Bool)? {
        guard let id = owner[file] else { return nil }
        if let old = groups[id]?.files.removeValue(forKey: file) { unpost(old.number) }
        owner.removeValue(forKey: file)
        if groups[id]?.files.isEmpty ?? true {
            groups.removeValue(forKey: id)
            retiredIDs.insert(id)
            return (id, true)
        }
        return (id, false)
    }

    /// The report a file with this sketch, year and agency is a copy of: of the reports with a
    /// file it is a copy of, the one sharing most of its samples.
    /// - Parameters:
    ///   - figures: the file's table figures (two files whose tables disagree on several of the
    ///     figures both give are two reports, however alike their words).
    ///   - figuresOf: a known file's figures, given its id and shard, asked only of the files its
    ///     sketch is a copy of (the groups are not to be read then: this call is changing them).
    mutating func match(_ sketch: TextSketch, year: Int?, agency: String?, figures: [String: Int] = [:],
                        figuresOf: (_ file: String, _ shard: Int) throws -> [String: Int]) rethrows -> String? {
        guard let block = postings[year] else { return nil }
        // Counts in a dense array by file number (a dictionary's hashing was most of the cost).
        if counts.count < fileIDs.count { counts += [UInt16](repeating: 0, count: fileIDs.count - counts.count) }
        var touched: [Int32] = []
        for s in sketch.samples {
            for f in block[s] ?? [] {
                if counts[Int(f)] == 0 { touched.append(f) }
                counts[Int(f)] &+= 1
            }
        }
        defer { for f in touched { counts[Int(f)] = 0 } }
        var best: (id: String, containment: Double)?
        for number in touched {
            let n = Int(counts[Int(number)])
            // The rule's free tests first, from dense arrays: nearly every file of a year sharing
            // boilerplate with this one fails them, and looking its record up by name cost more than
            // the counting (superlinear: a year's files are all touched).
            let size = sizes[Int(number)]
            let small = min(Int(size.samples), sketch.samples.count)
            let chars = (min(Int(size.characters), sketch.characters), max(Int(size.characters), sketch.characters))
            guard small > 0, chars.1 > 0, Double(chars.0) / Double(chars.1) >= TextFingerprint.copySizeRatio,
                  Double(n) / Double(small) >= TextFingerprint.copyContainment || small < TextSketch.minimumSamples else { continue }
            guard let file = fileIDs[Int(number)], let report = owner[file], let g = groups[report], let r = g.files[file] else { continue }
            // The count is the merge walk's result; the rule itself (sizes, short texts) decides.
            guard TextSketch.isCopy(shared: n, samples: (Int(size.samples), sketch.samples.count),
                                    characters: (Int(size.characters), sketch.characters)),
                  Self.sameAgency(r.agency, agency), Self.sameFigures(try figuresOf(file, g.shard), figures) else { continue }
            let c = Double(n) / Double(small)
            if best == nil || c > best!.containment || (c == best!.containment && report < best!.id) { best = (report, c) }
        }
        return best?.id
    }

    /// Whether two files may name one agency: either names none, or one name holds the other
    /// (洪泽区人民政府 and 淮安市洪泽区人民政府).
    static func sameAgency(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b || a.contains(b) || b.contains(a)
    }

    /// Whether two files' figures allow them to be one report: fewer than 3 figures in common, or
    /// at most 2 of those differing and at most half. A copy's converter may misread a figure or
    /// two (the disagreement is then reported; the readers misread none in any rendering of the
    /// labelled reports); two reports of one body and year that share their boilerplate differ in
    /// several, though their zeros agree (100,000 generated reports: 7 merges with most figures
    /// differing, then 2 with 3 and 8 of 17 differing).
    static func sameFigures(_ a: [String: Int], _ b: [String: Int]) -> Bool {
        var common = 0, differ = 0
        for (name, v) in a { if let w = b[name] { common += 1; if v != w { differ += 1 } } }
        return common < 3 || (differ <= 2 && differ * 2 <= common)
    }

    /// An id for a new report founded by `file`: the file's own id unless another report has it.
    mutating func newReportID(founder file: String) -> String {
        var id = file
        var n = 1
        while groups[id] != nil || retiredIDs.contains(id) {
            id = ReportID.make(forRealPath: file + "#\(n)")
            n += 1
        }
        return id
    }

    /// One copy of each agency name (a body's files and years share it).
    private var agencyNames: [String: String] = [:]

    private mutating func interned(_ name: String) -> String {
        if let known = agencyNames[name] { return known }
        agencyNames[name] = name
        return name
    }

    /// Marks an id as taken (an index's existing report documents).
    mutating func reserve(_ id: String) { if groups[id] == nil { retiredIDs.insert(id) } }

    /// Posts a file's samples under a new number, returned.
    private mutating func post(_ file: String, _ record: FileRecord) -> Int32 {
        let n = Int32(fileIDs.count)
        fileIDs.append(file)
        sizes.append((Int32(clamping: record.sketch.samples.count), Int32(clamping: record.sketch.characters)))
        for s in record.sketch.samples { postings[record.year, default: [:]][s, default: []].append(n) }
        return n
    }

    /// Makes a file's number dead: its postings no longer count.
    private mutating func unpost(_ number: Int32) {
        if number >= 0 { fileIDs[Int(number)] = nil }
    }
}

/// A report's files by id, in a small array: a report has one file or a few, and a dictionary per
/// report cost about 500 bytes a file (a run holds every file's record in memory).
struct FileSet: Sequence {
    private var items: [(key: String, value: KnownFile)] = []

    subscript(file: String) -> KnownFile? {
        get { items.first { $0.key == file }?.value }
        set {
            if let i = items.firstIndex(where: { $0.key == file }) {
                if let newValue { items[i].value = newValue } else { items.remove(at: i) }
            } else if let newValue {
                items.append((file, newValue))
            }
        }
    }

    @discardableResult
    mutating func removeValue(forKey file: String) -> KnownFile? {
        let old = self[file]
        self[file] = nil
        return old
    }

    var isEmpty: Bool { items.isEmpty }

    func makeIterator() -> IndexingIterator<[(key: String, value: KnownFile)]> { items.makeIterator() }
}
