import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a converter (pdftotext, catdoc, tesseract, …) on a report with a time
/// limit and an output limit: a hostile file must not hang a run or fill memory.
enum ExternalTool {
    /// Seconds a converter may run before it is killed.
    static let timeLimit = 30.0
    /// Bytes of text a converter may print; a file giving more is refused.
    static let outputLimit = 32 << 20

    static func find(_ name: String) -> String? {
        let pathVar = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin:/usr/local/bin"
        for dir in pathVar.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// The tool's path, or a `toolMissing` error naming the Debian package to install.
    static func require(_ name: String, package: String, for what: String, path: String) throws -> String {
        guard let tool = find(name) else {
            throw ReportError(path: path, kind: .toolMissing, detail: "cannot read \(what): \(name) is not installed (apt-get install \(package))")
        }
        return tool
    }

    /// The tool's standard output. Throws `badFormat` when it fails, runs over
    /// `seconds` or prints over `maxOutput` bytes (it is killed then).
    static func run(_ tool: String, _ args: [String], path: String, seconds: Double = timeLimit,
                    maxOutput: Int = outputLimit, environment: [String: String] = [:]) throws -> Data {
        let name = (tool as NSString).lastPathComponent
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let outPipe = Pipe(), errPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw ReportError(path: path, kind: .toolMissing, detail: "cannot run \(name): \(error.localizedDescription)")
        }
        let pid = p.processIdentifier
        let state = KillState()
        let timer = DispatchWorkItem { state.kill(pid, .timedOut) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        // Standard error is drained on its own thread (a full pipe would stall the tool), keeping its start.
        let errBox = ErrorText()
        let g = DispatchGroup()
        DispatchQueue.global().async(group: g) {
            let h = errPipe.fileHandleForReading
            while case let chunk = nextChunk(h), !chunk.isEmpty { errBox.append(chunk) }
        }
        var out = Data()
        let h = outPipe.fileHandleForReading
        while case let chunk = nextChunk(h), !chunk.isEmpty {
            out.append(chunk)
            if out.count > maxOutput { state.kill(pid, .tooMuchOutput); break }
        }
        if state.reason == .tooMuchOutput { out = Data() }
        try? h.close()
        g.wait()
        // Its output is closed: from here on its pid may be reaped and reused, so no more kills.
        state.finish()
        timer.cancel()
        p.waitUntilExit()
        switch state.reason {
        case .timedOut:
            throw ReportError(path: path, kind: .badFormat, detail: "\(name) ran over the \(Int(seconds)) s time limit and was stopped")
        case .tooMuchOutput:
            throw ReportError(path: path, kind: .badFormat, detail: "\(name) printed over the \(maxOutput >> 20) MiB output limit and was stopped")
        case nil:
            break
        }
        if p.terminationStatus != 0 {
            // The line naming the error, not a warning before it (pdftotext warns "May not be a PDF file" first).
            let lines = String(decoding: errBox.data, as: UTF8.self).split(whereSeparator: \.isNewline)
            let msg = (lines.first { $0.contains("Error") } ?? lines.first).map(String.init)
            throw ReportError(path: path, kind: .badFormat, detail: "\(name) failed: \(msg ?? "exit status \(p.terminationStatus)")")
        }
        return out
    }

    /// The next bytes of a pipe, empty at its end. Not `FileHandle.availableData`: that traps
    /// when a signal interrupts the read (EINTR, a handler installed without SA_RESTART; found
    /// by `make fuzz`, see FuzzRegressionTests); the read is retried instead.
    static func nextChunk(_ h: FileHandle) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(h.fileDescriptor, $0.baseAddress, $0.count) }
            if n >= 0 { return Data(buffer[0..<n]) }
            // Any other error ends the output as end of file did (the exit status then tells).
            if errno != EINTR { return Data() }
        }
    }

    /// The start of the tool's standard error (written by the draining thread, read after it ends).
    final class ErrorText: @unchecked Sendable {
        private(set) var data = Data()
        func append(_ chunk: Data) { if data.count < 4096 { data.append(chunk) } }
    }

    /// Why the tool was killed, set once by whichever limit struck first.
    final class KillState: @unchecked Sendable {
        enum Reason { case timedOut, tooMuchOutput }
        private let lock = NSLock()
        private var _reason: Reason?
        private var finished = false
        var reason: Reason? { lock.withLock { _reason } }
        func finish() { lock.withLock { finished = true } }
        func kill(_ pid: Int32, _ why: Reason) {
            lock.withLock {
                guard _reason == nil, !finished else { return }
                _reason = why
                _ = Glibc.kill(pid, SIGKILL)
            }
        }
    }
}
