import Foundation

/// Buffered stdout: research output is written as it is produced.
public final class Stdout {
    private var buffer: [UInt8] = []

    public init() {}

    public func write(_ s: String) { write(bytes: Array(s.utf8)) }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var p = raw.baseAddress!
            var left = raw.count
            while left > 0 {
                let n = Foundation.write(1, p, left)
                if n <= 0 { if errno == EINTR { continue }; exit(0) }  // reader went away (e.g. `| head`)
                p += n
                left -= n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
