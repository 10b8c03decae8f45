import Foundation
import GovSearchCore

/// A write to the output failed: the errno of write(2).
public struct OutputError: Error, CustomStringConvertible, Equatable, Sendable {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    /// The reader of a pipe went away (`| head`): the command has nothing
    /// left to do, which is not a failure to report.
    public var isClosedPipe: Bool { code == EPIPE }

    /// strerror(3): `No space left on device`.
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "cannot write output: " + reason }
}

/// The one writer every command prints through (notmuch's sprinter is the
/// model: a write error has one place to be noticed). Buffered; a failed
/// write throws `OutputError`, and so do all later writes. Buffered output to
/// a full disk fails only when written, so whoever owns an `Output` must end
/// with `flush()` and check it.
public final class Output {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var failure: OutputError?
    /// Bytes held before a write(2): big enough that a large export costs
    /// few system calls, small enough that a stream starts at once.
    private let capacity = 1 << 16

    private var owned: Bool
    /// A terminal gets each line as it is written, as stdio gives it.
    private let lineBuffered: Bool
    /// Where the bytes go instead of `fd` (an HTTP body); its error ends the output.
    private let sink: (([UInt8]) throws -> Void)?

    /// Writes to `fileDescriptor`, which stays open: standard output is 1.
    public init(fileDescriptor: Int32) {
        self.fd = fileDescriptor
        self.owned = false
        self.lineBuffered = isatty(fileDescriptor) != 0
        self.sink = nil
    }

    /// Hands each full buffer (and the rest at `flush()`) to `sink`, which
    /// may block to slow the writer down; an error it throws fails this and every later write.
    public init(sink: @escaping ([UInt8]) throws -> Void) {
        self.fd = -1
        self.owned = false
        self.lineBuffered = false
        self.sink = sink
    }

    /// Writes to a file of its own, created or truncated (as `>` does); closed when released.
    public init(creating path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(code: errno) }
        self.fd = fd
        self.owned = true
        self.lineBuffered = false
        self.sink = nil
    }

    /// Flushes and closes a file opened by `init(creating:)`: a file system
    /// may report a failed write only at close(2).
    public func close() throws {
        try flush()
        guard owned else { return }
        owned = false
        if Foundation.close(fd) != 0 { throw OutputError(code: errno) }
    }

    deinit { if owned { Foundation.close(fd) } }

    public func write(_ s: String) throws { try write(bytes: Array(s.utf8)) }

    public func write(bytes: [UInt8]) throws {
        try check()
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity || lineBuffered && bytes.last == 0x0A { try flush() }
    }

    /// `s` and a newline (what `print` wrote before).
    public func line(_ s: String) throws {
        try write(s)
        try write("\n")
    }

    /// One value the core returns, as one line of JSON.
    public func json(_ value: some JSONWritable) throws {
        try write(bytes: value.jsonBytes())
        try write("\n")
    }

    /// Hands every buffered byte to the kernel.
    public func flush() throws {
        try check()
        if let sink {
            guard !buffer.isEmpty else { return }
            let chunk = buffer
            buffer.removeAll(keepingCapacity: true)
            do { try sink(chunk) } catch {
                failure = OutputError(code: EPIPE)
                throw error
            }
            return
        }
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { raw in Foundation.write(fd, raw.baseAddress! + done, raw.count - done) }
            if n > 0 {
                done += n
                continue
            }
            let code = n == 0 ? EIO : errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                // Standard output left non-blocking by another program: wait until it takes more.
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, -1)
                continue
            }
            buffer.removeAll()
            failure = OutputError(code: code)
            throw failure!
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func check() throws {
        if let failure { throw failure }
    }
}
