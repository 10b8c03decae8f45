import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// A corpus indexed once per test process: the repo's Fixtures plus a small
/// synthetic corpus from scripts/corpus/gen_corpus.py. Its texts, the truth
/// of the naive scans, come from TestOracle (decoded and normalized without
/// the code under test).
final class TestCorpus {
    let root: String
    let indexPath: String
    /// Real path -> the oracle's normalized text.
    var texts: [String: String] = [:]
    /// Real path -> truth.jsonl record (synthetic reports only).
    var truth: [String: [String: Any]] = [:]

    // Written for one test process; the tests do not run in parallel.
    nonisolated(unsafe) private static var cached: TestCorpus?

    static func shared(synthetic count: Int = 300) throws -> TestCorpus {
        if let c = cached { return c }
        let c = try TestCorpus(synthetic: count)
        cached = c
        return c
    }

    init(synthetic count: Int) throws {
        root = TempDir.perProcess("corpus")
        indexPath = root + "/index"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
        try fm.copyItem(atPath: TestPaths.fixtures, toPath: root + "/docs/fixtures")
        truth = try CorpusGenerator.generate(count, into: root + "/docs/synthetic", seed: 7)
        _ = try Indexer(.init(roots: [root + "/docs"], indexPath: indexPath)).run()
        texts = try TextOracle.normalizedTexts(below: root + "/docs")
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool { TextOracle.isHan(s) }

    /// `n` random substrings of the normalized texts, all Han characters, of the given lengths.
    func hanSubstrings(_ n: Int, lengths: ClosedRange<Int>, using rng: inout some RandomNumberGenerator) -> [String] {
        let paths = texts.keys.sorted()
        var out: [String] = []
        while out.count < n {
            let text = Array(texts[paths.randomElement(using: &rng)!]!.unicodeScalars)
            guard text.count > 20 else { continue }
            let start = Int.random(in: 0..<(text.count - lengths.upperBound), using: &rng)
            let piece = Array(text[start..<(start + Int.random(in: lengths, using: &rng))])
            guard piece.allSatisfy(Self.isHan) else { continue }
            var v = String.UnicodeScalarView()
            v.append(contentsOf: piece)
            out.append(String(v))
        }
        return out
    }

    /// UTF-8 copies of `texts` for the scan (byte substring = character substring in UTF-8).
    lazy var bytes: [String: [UInt8]] = texts.mapValues { Array($0.utf8) }

    func naiveMatches(_ q: String) -> Set<String> {
        let needle = Array(TextOracle.normalize(q).utf8)
        return Set(bytes.filter { TextOracle.occurs(needle, in: $0.value) }.map(\.key))
    }

    func search(_ q: String, facets: [Facet] = [], limit: Int = 100_000) throws -> SearchResult {
        let s = try Searcher(indexPath: indexPath)
        var r = SearchRequest(query: q)
        r.limit = limit
        r.facets = facets
        r.snippets = false
        return try s.search(r)
    }
}
