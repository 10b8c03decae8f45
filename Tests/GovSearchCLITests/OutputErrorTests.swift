import Foundation
import TestSupport
import XCTest

/// Issue 22: every command prints through one output layer. With standard
/// output on a full disk a command exits 2 with one line naming the cause
/// and never crashes; a closed pipe ends it quietly, killed by SIGPIPE as
/// grep is (status 141 in a shell).
final class OutputErrorTests: XCTestCase {
    static let fullDisk = "govsearch: cannot write output: No space left on device\n"

    /// The fixtures indexed once into a temp dir.
    func index() throws -> String { try TestIndex.once("output", of: TestPaths.fixtures) }

    /// Every command that prints, each in every output form, asked for something that matches.
    func printingCommands(_ i: String, scratch: String) -> [[String]] {
        let report = TestPaths.fixture("000")
        return [
            ["复议", "--index", i],
            ["复议", "--index", i, "--json"],
            ["复议", "--index", i, "--count"],
            ["复议", "--index", i, "--format", "csv", "--all"],
            ["复议", "--index", i, "--format", "jsonl"],
            ["复议", "--index", i, "--format", "json", "--fields", "path,year"],
            ["复议", "--index", i, "--format", "table", "--fields", "path,year"],
            ["--batch", "--index", i],
            ["export", "--index", i, "--format", "csv"],
            ["export", "--index", i, "--format", "jsonl"],
            ["export", "复议", "--index", i, "--sections"],
            ["trend", "复议", "--index", i],
            ["trend", "复议", "--index", i, "--format", "json"],
            ["trend", "复议", "--index", i, "--format", "csv", "--bom"],
            ["trend", "复议", "--index", i, "--svg", scratch + "/trend.svg"],
            ["stats", "--index", i],
            ["stats", "--index", i, "--format", "json"],
            ["stats", "--index", i, "--format", "jsonl"],
            ["status", "--index", i],
            ["status", "--index", i, "--json"],
            ["inspect", report],
            ["inspect", report, "--json"],
            ["--help"],
            ["export", "--help"],
        ]
    }

    /// Queries for `--batch`, one a line on its standard input.
    func batchInput(_ scratch: String) throws -> String {
        let path = scratch + "/queries.txt"
        try "复议\n\"坏\n依申请公开 year:2020\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testEveryCommandOnAFullDiskExitsTwoWithOneLine() throws {
        let scratch = try temporaryDirectory("output-full")
        let input = try batchInput(scratch)
        for args in printingCommands(try index(), scratch: scratch) {
            let r = try Spawn.run(Command.govsearch, args, stdout: .devFull, stdinFile: input)
            XCTAssertNil(r.signal, "\(args): killed by signal \(r.signal ?? 0)")
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, Self.fullDisk, "\(args)")
        }
    }

    /// The same commands into a file exit 0 and write something: the failures above are the disk's.
    func testTheSameCommandsIntoAFileSucceed() throws {
        let scratch = try temporaryDirectory("output-file")
        let input = try batchInput(scratch)
        let file = scratch + "/out"
        for args in printingCommands(try index(), scratch: scratch) {
            let r = try Spawn.run(Command.govsearch, args, stdout: .file(file), stdinFile: input)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, "", "\(args)")
            XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0, 0, "\(args)")
        }
    }

    /// `index` and `compact` change the index and then print one line: that line failing is still an error.
    func testIndexAndCompactOnAFullDiskExitTwo() throws {
        let i = try temporaryDirectory("output-index") + "/index"
        var r = try Spawn.run(Command.govsearch, ["index", TestPaths.fixtures, "--index", i], stdout: .devFull)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stderr, Self.fullDisk)
        r = try Spawn.run(Command.govsearch, ["compact", "--index", i], stdout: .devFull)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stderr, Self.fullDisk)
        // The work was done; only its summary was lost.
        let status = try Command.run(Command.govsearch, ["status", "--index", i, "--json"])
        let whole = try Command.run(Command.govsearch, ["status", "--index", try index(), "--json"])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertEqual(try JSON.object(status.stdout)["reports"] as? Int, try JSON.object(whole.stdout)["reports"] as? Int)
    }

    /// `trend --svg` writes its chart through the same writer: a full disk there is one line too.
    func testSVGOnAFullDiskExitsTwo() throws {
        let r = try Spawn.run(Command.govsearch, ["trend", "复议", "--index", try index(), "--svg", "/dev/full"], stdout: .file("/dev/null"))
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stderr, "govsearch: cannot write /dev/full: No space left on device\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/dev/full"))
    }

    /// A reader gone before anything is written: no message, ended by SIGPIPE.
    func testAClosedPipeEndsQuietly() throws {
        let scratch = try temporaryDirectory("output-pipe")
        let input = try batchInput(scratch)
        let i = try index()
        for args in [["export", "--index", i], ["复议", "--index", i, "--json"], ["--batch", "--index", i], ["stats", "--index", i],
                     ["复议", "--index", i, "--all", "--format", "csv"]] {
            let r = try Spawn.run(Command.govsearch, args, stdout: .closedPipe, stdinFile: input)
            XCTAssertEqual(r.signal, SIGPIPE, "\(args): status \(r.status.map(String.init) ?? "-"): \(r.stderr)")
            XCTAssertEqual(r.stderr, "", "\(args)")
        }
    }

    /// As a shell script sees it: a large export piped into `head -n 1`
    /// gives its first line, nothing on stderr, and status 141, as grep's
    /// would (0 would mean the whole export fit in the pipe: no test).
    func testALargeExportIntoHeadEndsQuietly() throws {
        let dir = try temporaryDirectory("output-large")
        // 100 generated reports (some 500 KB of section text, far more than a pipe holds).
        try CorpusGenerator.generate(100, into: dir + "/reports", seed: 5)
        let i = dir + "/index"
        let indexed = try Command.run(Command.govsearch, ["index", dir + "/reports", "--index", i, "--quiet"])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        let script = "\"$0\" export --sections --index \"$1\" | head -n 1; echo \"status ${PIPESTATUS[0]}\""
        let r = try Command.run("/bin/bash", ["-c", script, Command.govsearch, i])
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, String(r.stdout.prefix(500)))
        XCTAssertNotNil(try JSON.object(lines[0])["text"], String(lines[0].prefix(300)))
        XCTAssertEqual(lines.last, "status 141")
        XCTAssertEqual(r.stderr, "")
    }
}
