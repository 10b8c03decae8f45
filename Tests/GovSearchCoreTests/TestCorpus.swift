import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// A corpus indexed once per test process: the repo's Fixtures plus a small
/// synthetic corpus from scripts/corpus/gen_corpus.py. Its texts, the truth
/// of the naive scans, come from TestOracle (decoded and normalized without
/// the code under test).
///
/// Each file is one report: the shared corpus takes the five seed fixtures, and
/// `formats()` their copies in other formats and encodings (`NNN_…_from_MMM`),
/// indexed apart — in one index the copies would be one report with their seed.
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
        let c = try TestCorpus(synthetic: count, fixtures: { !$0.contains("_from_") }, name: "corpus")
        cached = c
        return c
    }

    nonisolated(unsafe) private static var cachedFormats: [Int: TestCorpus] = [:]

    /// The fixtures that copy a seed in another format or encoding, at most one per seed (the
    /// `round`-th copy of each seed, in name order): no two of them are one report.
    static func formats(round: Int) throws -> TestCorpus {
        if let c = cachedFormats[round] { return c }
        let copies = try TestPaths.fixtureNames().filter { $0.contains("_from_") }
        let bySeed = Dictionary(grouping: copies) { $0.components(separatedBy: "_from_")[1].prefix(3) }
        let taken = Set(bySeed.values.compactMap { $0.count > round ? $0.sorted()[round] : nil })
        let c = try TestCorpus(synthetic: 0, fixtures: taken.contains, name: "formats-\(round)")
        cachedFormats[round] = c
        return c
    }

    init(synthetic count: Int, fixtures take: (String) -> Bool, name: String) throws {
        root = TempDir.perProcess(name)
        indexPath = root + "/index"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/docs/fixtures", withIntermediateDirectories: true)
        for f in try TestPaths.fixtureNames() where take(f) {
            try fm.copyItem(atPath: TestPaths.fixtures + "/" + f, toPath: root + "/docs/fixtures/" + f)
        }
        if count > 0 { truth = try CorpusGenerator.generate(count, into: root + "/docs/synthetic", seed: 7) }
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
