import Foundation
import XCTest

/// The synthetic corpus of scripts/corpus/gen_corpus.py: reports in several
/// encodings, with their true metadata and figures in truth.jsonl.
public enum CorpusGenerator {
    /// Writes `count` reports into `dir`; returns the truth records keyed by
    /// the real path of each report.
    @discardableResult
    /// - Parameter gaps: the share of reports given a missing or broken table (`--gaps`; truth names the gap).
    public static func generate(_ count: Int, into dir: String, seed: Int, gaps: Double = 0) throws -> [String: [String: Any]] {
        let r = try Command.env(["python3", TestPaths.generator, String(count), dir, "--seed", String(seed)]
                                + (gaps > 0 ? ["--gaps", String(gaps)] : []))
        guard r.status == 0 else { throw GeneratorFailed(stderr: r.stderr) }
        var truth: [String: [String: Any]] = [:]
        for obj in try JSON.lines(try String(contentsOfFile: dir + "/truth.jsonl", encoding: .utf8)) {
            let file = dir + "/" + (obj["file"] as! String)
            truth[TestPaths.realPath(file) ?? file] = obj
        }
        // truth.jsonl itself is not a report (.jsonl is not indexed).
        return truth
    }

    public struct GeneratorFailed: Error, CustomStringConvertible {
        public var stderr: String
        public var description: String { "gen_corpus.py failed: \(stderr)" }
    }
}
