import Foundation

/// Runs programs the tests need: the built `govsearch`, python3, xapian-check, mount.
public enum Command {
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` to the end. Both pipes are drained before waiting, so
    /// a child writing much cannot stall; `GOVSEARCH_INDEX` is not inherited.
    @discardableResult
    public static func run(_ executable: String, _ args: [String], stdin: String? = nil,
                           env: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "GOVSEARCH_INDEX")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        final class Box: @unchecked Sendable { var data = Data() }
        let o = Box()
        let g = DispatchGroup()
        DispatchQueue.global().async(group: g) { o.data = out.fileHandleForReading.readDataToEndOfFile() }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        g.wait()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o.data, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A program found through `/usr/bin/env` (python3).
    @discardableResult
    public static func env(_ args: [String]) throws -> Output { try run("/usr/bin/env", args) }

    private final class Marker {}

    /// The `govsearch` executable built beside the test bundle (on Linux the
    /// bundle URL may be the build directory itself).
    public static var govsearch: String {
        let url = Bundle(for: Marker.self).bundleURL
        let candidates = [url.appendingPathComponent("govsearch"), url.deletingLastPathComponent().appendingPathComponent("govsearch"),
                          url.appendingPathComponent("debug/govsearch")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates[1].path
    }

    /// `xapian-check` on an index when the tool is installed; its output on failure.
    public static func xapianCheck(_ index: String) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xapian-check") else { return nil }
        let r = try run("/usr/bin/xapian-check", [index])
        return r.status == 0 ? nil : "xapian-check: " + r.stdout + r.stderr
    }
}

/// JSON read with Foundation (independent of the project's JSON writer and reader).
public enum JSON {
    public struct NotAnObject: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "not a JSON object: \(text.prefix(200))" }
    }

    public static func object(_ data: Data) throws -> [String: Any] {
        guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NotAnObject(text: String(decoding: data, as: UTF8.self))
        }
        return o
    }

    public static func object<S: StringProtocol>(_ text: S) throws -> [String: Any] { try object(Data(text.utf8)) }

    /// One object per non-empty line (JSON Lines).
    public static func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try object($0) }
    }
}
