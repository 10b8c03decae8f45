import Reports

/// Which files are copies of which report, as the indexer keeps it in memory during a run:
/// built from the file records, changed as files come, go and change, and asked which
/// report a newly read file is a copy of.
///
/// A file is a copy of a report when its sketch is a copy (TextSketch.isCopy) of the sketch
/// of one of the report's files of the same year (no year: compared with reports without
/// one), and the two don't name different agencies. Blocking on the year keeps the
/// comparisons per file to the reports of one year. The agency is no block — a saved page or
/// a text dump often loses it, or names it shorter — but a veto: two agencies that neither
/// contains the other are two reports, however much boilerplate one repeats of the other
/// (generated reports do that, and so do agencies filling one template).
struct ReportGroups {
    struct Group {
        var id: String
        var shard: Int
        /// File id → record.
        var files: [String: FileRecord]

        /// The file that should be the primary: the first in FileRank order.
        var best: String? {
            files.min { a, b in a.value.rank.precedes(b.value.rank, path: a.value.path, otherPath: b.value.path) }?.key
        }
        /// The file whose text the report's document holds now.
        var indexed: String? { files.first { $0.value.indexed }?.key }
        /// The files in primary order.
        var ordered: [(id: String, record: FileRecord)] {
            files.map { ($0.key, $0.value) }.sorted { a, b in a.1.rank.precedes(b.1.rank, path: a.1.path, otherPath: b.1.path) }
        }
        var year: Int? { best.flatMap { files[$0]?.year } }
    }

    private(set) var groups: [String: Group] = [:]
    /// File id → report id.
    private(set) var owner: [String: String] = [:]
    /// Year of the primary → reports.
    private var byYear: [Int?: Set<String>] = [:]
    /// Report ids given out before (an id is never reused for another report in one run).
    private var knownIDs = Set<String>()

    var reportCount: Int { groups.count }

    func record(_ file: String) -> FileRecord? {
        owner[file].flatMap { groups[$0]?.files[file] }
    }

    /// Adds a file to a report (creating the report when new).
    mutating func add(_ file: String, _ record: FileRecord, shard: Int) {
        let id = record.report
        unblock(id)
        groups[id, default: Group(id: id, shard: shard, files: [:])].files[file] = record
        owner[file] = id
        knownIDs.insert(id)
        block(id)
    }

    /// Replaces a file's record (same report).
    mutating func update(_ file: String, _ record: FileRecord) {
        guard let id = owner[file] else { return }
        unblock(id)
        groups[id]?.files[file] = record
        block(id)
    }

    /// Takes a file out of its report; returns the report's id and whether the report is now empty.
    @discardableResult
    mutating func remove(_ file: String) -> (report: String, empty: Bool)? {
        guard let id = owner.removeValue(forKey: file) else { return nil }
        unblock(id)
        groups[id]?.files.removeValue(forKey: file)
        if groups[id]?.files.isEmpty ?? true {
            groups.removeValue(forKey: id)
            return (id, true)
        }
        block(id)
        return (id, false)
    }

    mutating func removeGroup(_ id: String) {
        guard let g = groups[id] else { return }
        unblock(id)
        for f in g.files.keys { owner.removeValue(forKey: f) }
        groups.removeValue(forKey: id)
    }

    /// The report a file with this sketch and year is a copy of: of those it is a copy of,
    /// the one sharing most of its samples with any of its files.
    func match(_ sketch: TextSketch, year: Int?, agency: String?) -> String? {
        var best: (id: String, containment: Double)?
        for id in byYear[year] ?? [] {
            guard let g = groups[id] else { continue }
            for r in g.files.values where Self.sameAgency(r.agency, agency) && r.sketch.isCopy(of: sketch) {
                let c = r.sketch.similarity(to: sketch).containment
                if best == nil || c > best!.containment || (c == best!.containment && id < best!.id) { best = (id, c) }
            }
        }
        return best?.id
    }

    /// Whether two files may name one agency: either names none, or one name holds the other
    /// (洪泽区人民政府 and 淮安市洪泽区人民政府).
    static func sameAgency(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b || a.contains(b) || b.contains(a)
    }

    /// An id for a new report founded by `file`: the file's own id unless another report has it.
    mutating func newReportID(founder file: String) -> String {
        var id = file
        var n = 1
        while knownIDs.contains(id) {
            id = ReportID.make(forRealPath: file + "#\(n)")
            n += 1
        }
        knownIDs.insert(id)
        return id
    }

    /// Marks an id as taken (an index's existing report documents).
    mutating func reserve(_ id: String) { knownIDs.insert(id) }

    private mutating func block(_ id: String) {
        guard let g = groups[id] else { return }
        byYear[g.year, default: []].insert(id)
    }

    private mutating func unblock(_ id: String) {
        guard let g = groups[id] else { return }
        byYear[g.year]?.remove(id)
    }
}
