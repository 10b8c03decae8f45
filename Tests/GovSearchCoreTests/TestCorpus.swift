import Foundation
import GovSearchCore
import Reports
import XCTest

/// A corpus indexed once per test process: the repo's Fixtures plus a small
/// synthetic corpus from ../shared/tools/gen_corpus.py, with an independent
/// normalization of every text for naive scans.
final class TestCorpus {
    // Written for one test process; the tests do not run in parallel.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repoRoot.appendingPathComponent("Fixtures").path
    static let generator = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/tools/gen_corpus.py").path

    let root: String
    let indexPath: String
    /// Real path -> naively normalized text.
    var texts: [String: String] = [:]
    /// Real path -> truth.jsonl record (synthetic reports only).
    var truth: [String: [String: Any]] = [:]

    nonisolated(unsafe) private static var cached: TestCorpus?

    static func shared(synthetic count: Int = 300) throws -> TestCorpus {
        if let c = cached { return c }
        let c = try TestCorpus(synthetic: count)
        cached = c
        return c
    }

    init(synthetic count: Int) throws {
        root = NSTemporaryDirectory() + "govsearch-corpus-\(getpid())"
        indexPath = root + "/index"
        let fm = FileManager.default
        try? fm.removeItem(atPath: root)
        try fm.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Self.fixtures, toPath: root + "/docs/fixtures")
        if fm.fileExists(atPath: Self.generator) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", Self.generator, String(count), root + "/docs/synthetic", "--seed", "7"]
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "gen_corpus.py failed")
            let lines = try String(contentsOfFile: root + "/docs/synthetic/truth.jsonl", encoding: .utf8).split(separator: "\n")
            for line in lines {
                let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                let path = FileWalker.realPath(root + "/docs/synthetic/" + (obj["file"] as! String))!
                truth[path] = obj
            }
        }
        _ = try Indexer(.init(roots: [root + "/docs"], indexPath: indexPath)).run()
        for entry in FileWalker.walk([root + "/docs"]).files {
            guard let report = try? ReportReader.read(path: entry.realPath) else { continue }
            texts[entry.realPath] = Self.naiveNormalize(report.text)
        }
    }

    /// NFKC over the whole string, lower case, white space between two Han
    /// characters removed — written independently of Segmentation.Normalizer.
    static func naiveNormalize(_ s: String) -> String {
        let folded = s.precomposedStringWithCompatibilityMapping.lowercased()
        let scalars = Array(folded.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace, let last = out.last, isHan(last) {
                var j = i
                while j < scalars.count && scalars[j].properties.isWhitespace { j += 1 }
                if j < scalars.count && isHan(scalars[j]) { i = j; continue }
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool { s.properties.isIdeographic && s.value >= 0x3400 }

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

    static func occurs(_ needle: [UInt8], in hay: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= hay.count else { return needle.isEmpty }
        let first = needle[0], n = needle.count
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { nd in
                var i = 0
                let last = h.count - n
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n && h[i + k] == nd[k] { k += 1 }
                        if k == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    func naiveMatches(_ q: String) -> Set<String> {
        let needle = Array(Self.naiveNormalize(q).utf8)
        return Set(bytes.filter { entry in
            Self.occurs(needle, in: entry.value)
        }.map(\.key))
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
