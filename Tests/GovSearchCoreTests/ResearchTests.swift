import Foundation
@testable import GovSearchCore
@testable import GovSearchOutput
import TestSupport
@testable import XapianKit
import XCTest

/// Trend, stats, export and the unlimited match stream over a generated
/// 2,000-report corpus, checked against truth computed independently:
/// the generator's truth.jsonl and a naive substring scan (in Python) of the
/// decoded, normalized files.
final class ResearchTests: XCTestCase {
    struct Truth {
        var year: Int
        var matches: [String: Bool]
        var figures: [String: Int]
    }

    /// Words with a few hundred matches among 2,000 generated reports.
    static let words = ["政策解读", "培训"]

    final class Corpus {
        let dir: String
        let index: String
        let truth: [Truth]
        init(dir: String, index: String, truth: [Truth]) { self.dir = dir; self.index = index; self.truth = truth }
    }

    nonisolated(unsafe) static var shared: Corpus?

    /// Independent truth: per report its year and figures from truth.jsonl,
    /// and for each word whether the NFKC, lower-cased text with white space
    /// between CJK characters removed contains it.
    static let truthScript = """
    import json, re, sys, unicodedata
    root, words = sys.argv[1], sys.argv[2:]
    encs = {'utf-8': 'utf-8', 'gb18030': 'gb18030', 'utf-8-bom': 'utf-8-sig', 'utf-8-crlf': 'utf-8'}
    cjk = '\\u3400-\\u9fff\\uf900-\\ufaff'
    for line in open(root + '/truth.jsonl', encoding='utf-8'):
        t = json.loads(line)
        s = open(root + '/' + t['file'], 'rb').read().decode(encs[t['encoding']])
        s = unicodedata.normalize('NFKC', s).lower()
        s = re.sub('(?<=[%s])\\\\s+(?=[%s])' % (cjk, cjk), '', s)
        t['matches'] = {w: (w in s) for w in words}
        print(json.dumps(t, ensure_ascii=False))
    """

    static func corpus() throws -> Corpus {
        if let shared { return shared }
        let tmp = TempDir.perProcess("research")
        let dir = tmp + "/corpus", index = tmp + "/index"
        try CorpusGenerator.generate(2000, into: dir, seed: 1)
        let out = try Command.env(["python3", "-c", truthScript, dir] + words)
        XCTAssertEqual(out.status, 0, out.stderr)
        var truth: [Truth] = []
        for o in try JSON.lines(out.stdout) {
            var figures: [String: Int] = [:]
            for (k, v) in o { if let n = v as? Int, k != "year" { figures[k] = n } }
            truth.append(Truth(year: o["year"] as! Int, matches: o["matches"] as! [String: Bool], figures: figures))
        }
        _ = try Indexer(Indexer.Options(roots: [dir], indexPath: index)).run()
        let c = Corpus(dir: dir, index: index, truth: truth)
        shared = c
        return c
    }

    override class func tearDown() {
        if let shared { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: shared.dir).deletingLastPathComponent().path) }
        shared = nil
        super.tearDown()
    }

    func testTrendByYearMatchesIndependentCount() throws {
        let c = try Self.corpus()
        XCTAssertEqual(c.truth.count, 2000)
        let searcher = try Searcher(indexPath: c.index)
        for word in Self.words {
            var expectedCount: [String: Int] = [:], expectedTotal: [String: Int] = [:]
            for t in c.truth {
                expectedTotal[String(t.year), default: 0] += 1
                if t.matches[word]! { expectedCount[String(t.year), default: 0] += 1 }
            }
            let trend = try searcher.trend(word, by: .year)
            XCTAssertEqual(trend.matches, c.truth.filter { $0.matches[word]! }.count, word)
            XCTAssertEqual(trend.reports, 2000)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: trend.rows.map { ($0.value, $0.total) }), expectedTotal, "totals per year, \(word)")
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: trend.rows.map { ($0.value, $0.count) }.filter { $0.1 > 0 }), expectedCount, "counts per year, \(word)")
            XCTAssertEqual(trend.rows.map(\.value), expectedTotal.keys.sorted(), "years ascending")
            for r in trend.rows {
                XCTAssertEqual(r.share, Double(expectedCount[r.value] ?? 0) / Double(expectedTotal[r.value]!), accuracy: 1e-12)
                XCTAssert(r.share >= 0 && r.share <= 1)
            }
            // CSV: key named as in --by, then count,total,share; shares as plain fractions.
            let csv = try CSVParser.parse(trend.records.map { $0.csvLine() }.joined())
            for (row, r) in zip(csv, trend.rows) {
                XCTAssertEqual(row[0], r.value)
                XCTAssertEqual(Int(row[1]), r.count)
                XCTAssertEqual(Double(row[3])!, Double(r.count) / Double(r.total), accuracy: 1e-6)
                XCTAssertFalse(row[3].contains("e") || row[3].contains("%"))
            }
        }
    }

    func testStatsSumsMatchTruth() throws {
        let c = try Self.corpus()
        let searcher = try Searcher(indexPath: c.index)
        let fields = ["new_applications", "granted", "carried_over", "handled_total", "carried_forward", "reconsideration"]
        let truthKeys = ["applications_new", "granted", "applications_carried_over", "handled_total", "carried_forward", "reconsideration_total"]
        for word in Self.words + [""] {
            let matching = c.truth.filter { word.isEmpty || $0.matches[word]! }
            let st = try searcher.stats(word, by: .year, fields: fields, aggregation: .sum)
            XCTAssertEqual(st.matches, matching.count)
            let failed = st.rows.map(\.failed).reduce(0, +)
            XCTAssertEqual(failed, 0, "generated tables are consistent: no report should fail its checks ('\(word)')")
            for (i, (field, key)) in zip(fields, truthKeys).enumerated() {
                let expected = matching.reduce(0) { $0 + $1.figures[key]! }
                let got = st.rows.reduce(0.0) { $0 + ($1.values[i] ?? 0) }
                XCTAssertEqual(Int(got), expected, "sum of \(field) over '\(word)'")
                // Per year too.
                for r in st.rows {
                    let y = Int(r.value ?? "")
                    let e = matching.filter { $0.year == y }.reduce(0) { $0 + $1.figures[key]! }
                    XCTAssertEqual(Int(r.values[i] ?? 0), e, "\(field) in \(r.value ?? "unknown") for '\(word)'")
                }
            }
            // mean and count agree with the sums.
            let counts = try searcher.stats(word, by: nil, fields: ["granted"], aggregation: .count)
            XCTAssertEqual(counts.rows.first?.values.first ?? nil, Double(matching.count))
            let mean = try searcher.stats(word, by: nil, fields: ["granted"], aggregation: .mean)
            let sum = matching.reduce(0) { $0 + $1.figures["granted"]! }
            XCTAssertEqual(mean.rows.first!.values.first!!, Double(sum) / Double(matching.count), accuracy: 1e-9)
            let median = try searcher.stats(word, by: nil, fields: ["granted"], aggregation: .median)
            let sorted = matching.map { $0.figures["granted"]! }.sorted()
            let m = sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2]) : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            XCTAssertEqual(median.rows.first!.values.first!!, m)
        }
    }

    func testAllMatchesStreamExactlyTotalRows() throws {
        let c = try Self.corpus()
        let searcher = try Searcher(indexPath: c.index)
        for word in Self.words {
            let expected = c.truth.filter { $0.matches[word]! }.count
            XCTAssertEqual(try searcher.matchCount(word), expected)
            for chunk in [1000, 97] {
                var n = 0
                var ids = Set<String>()
                try searcher.forEachMatch(word, chunkSize: chunk) { m in
                    n += 1
                    XCTAssertFalse(ids.contains(m.stored.id), "each report once")
                    ids.insert(m.stored.id)
                    XCTAssertGreaterThan(m.score, 0)
                }
                XCTAssertEqual(n, expected, "\(word), chunks of \(chunk)")
                XCTAssertEqual(ids.count, expected)
            }
        }
        // A query with a per-document exact check (section filter) streams what search counts.
        let q = "\(Self.words[0]) section:overview"
        var n = 0
        try searcher.forEachMatch(q, chunkSize: 250, sections: true) { m in
            n += 1
            XCTAssertEqual(m.sections, [.overview])
        }
        XCTAssertEqual(n, try searcher.matchCount(q))
        // Empty query: every report.
        var all = 0
        try searcher.forEachMatch("", chunkSize: 333) { _ in all += 1 }
        XCTAssertEqual(all, 2000)
    }

    /// Streams read each report from the stored slot, which a match set sorted by it carries (no
    /// document read per report, a round trip each over a remote shard); it holds the document's
    /// data, copies lists included. An index written before the slot streams the same from the data.
    func testStreamsReadTheStoredSlotOrTheDataWithoutIt() throws {
        let dir = try temporaryDirectory("stored-slot")
        let docs = dir + "/docs", index = dir + "/index"
        let truth = try CorpusGenerator.generate(60, into: docs, seed: 5)
        let first = try XCTUnwrap(truth.keys.sorted().first)
        try FileManager.default.createDirectory(atPath: docs + "/again", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: first, toPath: docs + "/again/copy-" + (first as NSString).lastPathComponent)
        let summary = try Indexer(Indexer.Options(roots: [docs], indexPath: index)).run()
        XCTAssertEqual(summary.reports, 60)

        func stream() throws -> [String: [UInt8]] {
            var out: [String: [UInt8]] = [:]
            try Searcher(indexPath: index).forEachMatchData("", chunkSize: 17) { _, _, data, _ in
                out[try XCTUnwrap(StoredReport.decode(data), "undecodable stored report").id] = data
            }
            return out
        }
        let db = try Database(path: index)
        var withCopies = 0
        for d in 1...(try db.lastDocumentID()) {
            let doc = try db.document(d)
            XCTAssertEqual(try doc.value(IndexSchema.storedSlot), try doc.data(), "document \(d)")
            if StoredReport.decode(try doc.data())?.copies.isEmpty == false { withCopies += 1 }
        }
        XCTAssertEqual(withCopies, 1, "the copied report's data lists its copy")
        let fromSlot = try stream()
        XCTAssertEqual(fromSlot.count, 60)
        for (id, data) in fromSlot {
            XCTAssertEqual(data, try db.document(try XCTUnwrap(db.documentID(uniqueTerm: IndexSchema.idPrefix + id))).data())
        }

        let w = try Database(writableAt: index, mode: .existing)
        for d in 1...(try w.lastDocumentID()) {
            let doc = try w.document(d)
            let id = try XCTUnwrap(StoredReport.decode(try doc.data())).id
            try doc.setValue(IndexSchema.storedSlot, [])
            _ = try w.replaceDocument(uniqueTerm: IndexSchema.idPrefix + id, doc)
        }
        try w.commit()
        try w.close()
        XCTAssertEqual(try Database(path: index).value(1, slot: IndexSchema.storedSlot), [])
        XCTAssertEqual(try stream(), fromSlot)
    }

    func testExportCSVRoundTripsEveryReport() throws {
        let c = try Self.corpus()
        let searcher = try Searcher(indexPath: c.index)
        var csv = CSV.line(ExportRecords.reportColumns)
        var expected: [[String]] = []
        try searcher.forEachMatch("") { m in
            let r = ExportRecords.report(m.stored)
            csv += r.csvLine()
            expected.append(r.fields.map { $0.value.csvText })
        }
        let rows = try CSVParser.parse(csv)
        XCTAssertEqual(rows.count, 2001)
        XCTAssertEqual(rows[0], ExportRecords.reportColumns)
        XCTAssertEqual(Array(rows.dropFirst()), expected)
        // The year column holds truth's years (same multiset).
        let yi = ExportRecords.reportColumns.firstIndex(of: "year")!
        XCTAssertEqual(rows.dropFirst().map { $0[yi] }.sorted(), c.truth.map { String($0.year) }.sorted())
        // Per-section export: the text is the section of the file as written.
        var one: StoredReport?
        try searcher.forEachMatch(Self.words[1]) { m in if one == nil { one = m.stored } }
        let recs = ExportRecords.sections(try XCTUnwrap(one), report: try searcher.report(one!))
        XCTAssertFalse(recs.isEmpty)
        let whole = try String(contentsOfFile: one!.path, encoding: .utf8)
        for r in recs {
            guard case let .string(text)? = r["text"], case let .string(heading)? = r["heading"] else { return XCTFail("no text") }
            XCTAssertTrue(text.hasPrefix(heading) || heading.isEmpty || text.contains(heading), "section starts at its heading")
            if one!.path.hasSuffix(".txt") && !whole.contains("\r") { XCTAssertTrue(whole.contains(text)) }
        }
    }
}
