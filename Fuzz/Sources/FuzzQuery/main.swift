import Foundation
import FuzzSupport
import GovSearchCore
import Reports
import Segmentation

/// The query language end to end: parse, compile to a Xapian query, run it on
/// a small index of the fixture reports (facets, sections, snippets). A bad
/// query must be a `badQuery` error with its position inside the query; a
/// query of Chinese characters only must match exactly the reports whose
/// normalized text contains it (the README's exactness promise).
struct Fixture {
    let searcher: Searcher
    /// Normalized text of each indexed report, as UTF-8 (a byte search is a scalar search:
    /// `String.contains` compares characters, and a combining mark would join a needle's last one).
    let texts: [[UInt8]]

    init() {
        let docs = scratchDirectory + "/reports"
        try! FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let fixtures = repositoryRoot + "/Fixtures"
        let names = try! FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") }.sorted()
        var texts: [[UInt8]] = []
        for name in names {
            try! FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: docs + "/" + name)
            texts.append(Array(Normalizer.normalize(try! ReportReader.readText(path: docs + "/" + name, ocr: false).text).string.utf8))
        }
        var options = Indexer.Options(roots: [docs], indexPath: scratchDirectory + "/index")
        options.ocr = false
        let summary = try! Indexer(options).run()
        precondition(summary.indexed == names.count, "indexed \(summary.indexed) of \(names.count) fixtures")
        searcher = try! Searcher(indexPath: scratchDirectory + "/index")
        self.texts = texts
    }
}

let fixture = Fixture()

runFuzzer { data, size in
    // Queries are typed by people: long inputs only slow the fuzzer down.
    guard size <= 512 else { return }
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let length = query.count
    func checkBad(_ error: Error) {
        guard case let .badQuery(_, message, position)? = error as? GovSearchError else {
            check(false, "not a bad-query error: \(error)"); return
        }
        check(!message.isEmpty && !message.contains("\n"), "message \(message.debugDescription)")
        if let position { check(position >= 0 && position <= length, "position \(position) in a query of \(length) characters") }
    }
    var parsed: QueryNode?
    var parseFailed = false
    do { parsed = try QueryParser.parse(query) } catch { checkBad(error); parseFailed = true }

    var request = SearchRequest(query: query)
    request.limit = 3
    do {
        let result = try fixture.searcher.search(request)
        check(!parseFailed, "a query the parser refuses was run")
        check(result.total >= 0 && result.hits.count <= min(request.limit, result.total), "\(result.hits.count) hits of \(result.total)")
        for hit in result.hits {
            let n = hit.snippet.unicodeScalars.count
            for h in hit.highlights {
                check(h.count == 2 && 0 <= h[0] && h[0] < h[1] && h[1] <= n, "highlight \(h) in a snippet of \(n)")
            }
        }
        for facet in result.facets { for c in facet.counts { check(c.count > 0 && c.count <= result.total, "facet count \(c.count) of \(result.total)") } }
        // Exactness: a single string of Chinese characters against a naive scan.
        if case let .text(raw)? = parsed {
            let needle = Normalizer.normalize(raw).scalars
            if !needle.isEmpty && needle.allSatisfy(Normalizer.isCJK) {
                let s = String(String.UnicodeScalarView(needle))
                let expected = fixture.texts.filter { $0.firstRange(of: Array(s.utf8)) != nil }.count
                check(result.total == expected, "\(s.debugDescription): \(result.total) matches, the text has \(expected)")
            }
        }
    } catch {
        checkBad(error)
    }
}
