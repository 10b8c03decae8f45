import Foundation
import Reports
import XapianKit

/// `similar`: the reports that repeat most of one report's text — another agency's report
/// it was copied from, or its own agency's last year.
///
/// Every report's sketch (value slot `sketchSlot`, the primary file's TextSketch) is compared
/// with the target's: the share of the target's sampled shingles found in the other estimates
/// how much of its text the other holds. The `candidates` best estimates at or above
/// `minShare - slack` are then measured exactly: both texts are read and split into
/// sentences (SentenceSet), and a report is listed when the share of the target's sentences
/// found in it reaches `minShare`. The cost is one sketch comparison per report (linear in
/// the index, a few microseconds each) plus reading the few candidates.
public struct SimilarResult: Sendable {
    public struct Match: Sendable {
        public var id: String
        public var path: String
        public var year: Int?
        public var agency: String?
        /// Share of the target's sentences found in this report.
        public var share: Double
        /// Share of this report's sentences found in the target.
        public var shareOfOther: Double
        public var sharedSentences: Int
    }
    /// The target: its id in the index (nil for a file outside it) and path.
    public var id: String?
    public var path: String
    public var year: Int?
    public var agency: String?
    public var sentences: Int
    /// Reports compared by sketch, and measured exactly.
    public var compared: Int
    public var measured: Int
    public var minShare: Double
    public var matches: [Match]
}

extension Searcher {
    /// How far below `minShare` a sketch estimate may fall and still be measured exactly.
    static let similarSlack = 0.25

    /// - Parameter target: a report id, or the path of a file (in the index or not).
    public func similar(to target: String, minShare: Double = 0.3, limit: Int = 20, candidates: Int = 30) throws -> SimilarResult {
        guard (0...1).contains(minShare) else { throw GovSearchError.badArgument("--min-share must be between 0 and 1, not \(minShare)") }
        guard limit > 0 else { throw GovSearchError.badArgument("--limit must be positive") }
        do {
            return try runSimilar(target, minShare, limit, candidates)
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    private func runSimilar(_ target: String, _ minShare: Double, _ limit: Int, _ candidates: Int) throws -> SimilarResult {
        // The target: a report of the index (by id or by any of its files), or a file outside it.
        var stored: StoredReport?
        if Searcher.isReportID(target) { stored = try storedReport(id: target) }
        if stored == nil {
            guard FileManager.default.fileExists(atPath: target), let real = FileWalker.realPath(target) else {
                throw GovSearchError.badArgument(Searcher.isReportID(target)
                    ? "no report with id \(target) in \(indexPath)" : "\(target): no such file, and not a report id")
            }
            stored = try storedReport(file: ReportID.make(forRealPath: real))
            if stored == nil {
                let report = try ReportReader.read(path: real, ocr: false)
                return try compare(id: nil, path: real, year: report.metadata.year, agency: report.metadata.agency,
                                   text: report.text, minShare, limit, candidates)
            }
        }
        let s = stored!
        return try compare(id: s.id, path: s.path, year: s.year, agency: s.agency, text: try report(s).text,
                           minShare, limit, candidates)
    }

    private func compare(id: String?, path: String, year: Int?, agency: String?, text: String,
                         _ minShare: Double, _ limit: Int, _ candidates: Int) throws -> SimilarResult {
        let sketch = TextSketch(text: text)
        var estimates: [(docid: UInt32, estimate: Double)] = []
        var compared = 0
        let targetDoc = try id.flatMap { try db.documentID(uniqueTerm: IndexSchema.idPrefix + $0) }
        // Every document's sketch, in one pass over the slot.
        try db.forEachValue(slot: IndexSchema.sketchSlot) { docid, raw in
            guard docid != targetDoc, let other = TextSketch(base64: raw) else { return }
            compared += 1
            let estimate = sketch.containment(in: other)
            if estimate >= minShare - Self.similarSlack { estimates.append((docid, estimate)) }
        }
        estimates.sort { $0.estimate > $1.estimate || ($0.estimate == $1.estimate && $0.docid < $1.docid) }
        let sentences = SentenceSet(text: text)
        var matches: [SimilarResult.Match] = []
        var measured = 0
        for (docid, _) in estimates.prefix(candidates) {
            guard let other = StoredReport.decode(try db.document(docid).data(), figures: false),
                  let otherText = try? report(other).text else { continue }
            measured += 1
            let theirs = SentenceSet(text: otherText)
            let shared = sentences.shared(with: theirs)
            let share = sentences.count == 0 ? 0 : Double(shared) / Double(sentences.count)
            guard share >= minShare, shared > 0 else { continue }
            matches.append(.init(id: other.id, path: other.path, year: other.year, agency: other.agency, share: share,
                                 shareOfOther: theirs.count == 0 ? 0 : Double(shared) / Double(theirs.count),
                                 sharedSentences: shared))
        }
        matches.sort { ($0.share, $0.shareOfOther, $1.id) > ($1.share, $1.shareOfOther, $0.id) }
        return SimilarResult(id: id, path: path, year: year, agency: agency, sentences: sentences.count, compared: compared,
                             measured: measured, minShare: minShare, matches: Array(matches.prefix(limit)))
    }
}

extension SimilarResult: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.key("target")
            w.object {
                w.key("id"); w.optionalString(id)
                w.key("path"); w.string(path)
                w.key("year"); w.optionalInt(year)
                w.key("agency"); w.optionalString(agency)
                w.key("sentences"); w.int(sentences)
            }
            w.key("min_share"); w.double(minShare)
            w.key("compared"); w.int(compared)
            w.key("measured"); w.int(measured)
            w.key("similar")
            w.array {
                for m in matches {
                    w.element()
                    w.object {
                        w.reportNaming(id: m.id, path: m.path, year: m.year, agency: m.agency)
                        w.key("share"); w.double(m.share)
                        w.key("share_of_other"); w.double(m.shareOfOther)
                        w.key("shared_sentences"); w.int(m.sharedSentences)
                    }
                }
            }
        }
    }
}
