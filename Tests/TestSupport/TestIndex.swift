import Foundation
import XCTest

/// Indexes built by the `govsearch` binary once per test process, one per name.
public enum TestIndex {
    nonisolated(unsafe) static var built: [String: String] = [:]
    static let lock = NSLock()

    /// The index of `folder` (built on first use into a per-process temporary directory named `name`).
    public static func once(_ name: String, of folder: String) throws -> String {
        lock.lock(); defer { lock.unlock() }
        if let path = built[name] { return path }
        let path = TempDir.perProcess(name)
        let r = try Command.run(Command.govsearch, ["index", folder, "--index", path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        built[name] = path
        return path
    }
}
