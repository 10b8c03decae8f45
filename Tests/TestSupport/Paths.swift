import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the tests find things: the repository, its Fixtures, the corpus
/// generator and the labelled real reports — all inside the repository.
public enum TestPaths {
    /// The repository root (this file is Tests/TestSupport/Paths.swift).
    public static let repo: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    public static let fixtures = repo + "/Fixtures"
    /// scripts/corpus/gen_corpus.py: synthetic reports with a truth.jsonl.
    public static let generator = repo + "/scripts/corpus/gen_corpus.py"
    /// RealReports/: real reports with MANIFEST.tsv (labels in scripts/accuracy).
    public static let realReports = repo + "/RealReports"

    /// The fixture files' names, sorted (no hidden files).
    public static func fixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The first fixture whose name starts with `prefix` (`"000"`, `"102_html"`).
    public static func fixture(_ prefix: String) -> String {
        let name = (try? fixtureNames())?.first { $0.hasPrefix(prefix) } ?? prefix
        return fixtures + "/" + name
    }

    /// realpath(3): the absolute path with links resolved, as the indexer keys reports.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

/// Fresh temporary directories.
public enum TempDir {
    /// A new empty directory named after the test and the process, by its real path.
    public static func make(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "govsearch-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return TestPaths.realPath(dir) ?? dir
    }

    /// A path for one directory per test process (removed first if a previous run left it).
    public static func perProcess(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "govsearch-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }
}

/// Deterministic random numbers for the property tests.
public struct SeededRandom: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 29)
    }
}

import XCTest

extension XCTestCase {
    /// A fresh temporary directory removed when the test ends.
    public func temporaryDirectory(_ name: String) throws -> String {
        let dir = try TempDir.make(name)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }
}
