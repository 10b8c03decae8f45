import Foundation

/// Diagnostics on standard error, written at once so that they keep their
/// place among a run's messages. A failure here has nowhere to be reported,
/// so it is ignored (FileHandle would trap on it).
public enum StandardError {
    public static func write(_ s: String) {
        var bytes = Array(s.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress!, $0.count) }
            if n > 0 { bytes = bytes.dropFirst(n); continue }
            if n < 0 && errno == EINTR { continue }
            return
        }
    }
}
