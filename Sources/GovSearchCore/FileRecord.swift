import Reports

/// What the index remembers of one file (`F:<file id>` metadata, in the shard of its report):
/// enough to skip it when unchanged, to recognise it after a move, to find which report it is
/// a copy of, and to choose that report's primary file without reading any file again.
struct FileRecord: Equatable {
    var size: Int
    var mtime: Double
    var hash: String
    /// Id of the report this file belongs to.
    var report: String
    /// True for the file whose text the report's document holds (its primary).
    var indexed: Bool
    var rank: FileRank
    var year: Int?
    /// The agency its text names (nil: none found): copies never name two different agencies.
    var agency: String?
    /// `ReportFormat` raw value of the file (`copies` in hits).
    var format: String
    var sketch: TextSketch
    /// Its figures (`name=value,…`), so copies that disagree are told apart from copies that
    /// agree; kept as text, since a run holds every file's record in memory.
    var figureList: String
    var figures: [String: Int] {
        var out: [String: Int] = [:]
        for pair in figureList.split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Int(kv[1]) { out[String(kv[0])] = v }
        }
        return out
    }
    var path: String

    /// Tab-separated, the path last (it may hold tabs).
    var encoded: String {
        return [String(size), "\(mtime)", hash, report, indexed ? "1" : "0", rank.encoded, year.map(String.init) ?? "",
                agency ?? "", format, sketch.encoded, figureList, path].joined(separator: "\t")
    }

    init(size: Int, mtime: Double, hash: String, report: String, indexed: Bool, rank: FileRank, year: Int?,
         agency: String?, format: String, sketch: TextSketch, figures: [String: Int], path: String) {
        self.size = size; self.mtime = mtime; self.hash = hash; self.report = report; self.indexed = indexed
        self.rank = rank; self.year = year; self.agency = agency; self.format = format; self.sketch = sketch
        self.figureList = figures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        self.path = path
    }

    init?(_ s: String) {
        let f = s.split(separator: "\t", maxSplits: 11, omittingEmptySubsequences: false)
        guard f.count == 12, let size = Int(f[0]), let mtime = Double(f[1]), let rank = FileRank(encoded: f[5]),
              let sketch = TextSketch(encoded: String(f[9])) else { return nil }
        self.init(size: size, mtime: mtime, hash: String(f[2]), report: String(f[3]), indexed: f[4] == "1", rank: rank,
                  year: Int(f[6]), agency: f[7].isEmpty ? nil : String(f[7]), format: String(f[8]), sketch: sketch,
                  figures: [:], path: String(f[11]))
        figureList = String(f[10])
    }
}

/// The order a report's primary file is chosen by (the least first): a file read by OCR
/// last; then the file whose statistics tables gave more figures (a table breaking its own
/// totals gives none); then plain text before structured text (a
/// page, .docx, .xlsx, .ofd) before text converted by another program (PDF, .doc,
/// .xls); then the shorter text (a saved page's chrome is text the report lacks);
/// then the path, so that the choice never depends on the order files were found in.
struct FileRank: Equatable {
    var ocr: Bool
    /// Figures its tables gave (those of a table that breaks its totals not counted).
    var figures: Int
    /// 0 plain text, 1 structured text, 2 converted.
    var formatClass: Int
    var characters: Int

    static func formatClass(_ format: ReportFormat?) -> Int {
        switch format {
        case .text?: return 0
        case .html?, .docx?, .xlsx?, .ofd?: return 1
        case .pdf?, .word97?, .excel97?, nil: return 2
        }
    }

    var encoded: String { "\(ocr ? 1 : 0).\(figures).\(formatClass).\(characters)" }

    init(ocr: Bool, figures: Int, formatClass: Int, characters: Int) {
        self.ocr = ocr; self.figures = figures; self.formatClass = formatClass; self.characters = characters
    }

    init?<S: StringProtocol>(encoded: S) {
        let p = encoded.split(separator: ".")
        guard p.count == 4, let f = Int(p[1]), let c = Int(p[2]), let n = Int(p[3]) else { return nil }
        self.init(ocr: p[0] == "1", figures: f, formatClass: c, characters: n)
    }

    /// Whether the file ranked `self` at `path` comes before the one ranked `other` at `otherPath`.
    func precedes(_ other: FileRank, path: String, otherPath: String) -> Bool {
        if ocr != other.ocr { return !ocr }
        if figures != other.figures { return figures > other.figures }
        if formatClass != other.formatClass { return formatClass < other.formatClass }
        if characters != other.characters { return characters < other.characters }
        return path < otherPath
    }
}
