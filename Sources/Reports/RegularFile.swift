#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole regular file read with plain system calls (no Foundation per
/// file): the indexer reads every report this way, and a search re-reads the
/// reports it shows.
public struct RegularFile: Sendable {
    public var bytes: [UInt8]
    /// Size and modification time as `fstat` gave them when the file was opened.
    public var size: Int
    public var mtime: Double

    public enum Failure: Error, Equatable, Sendable {
        case vanished
        /// Why, as a short phrase (`strerror`, or "not a regular file").
        case unreadable(String)
    }

    /// Seconds since the epoch with the nanoseconds: the one formula for every
    /// mtime the index records or compares, so equal files compare equal.
    public static func modificationTime(_ st: stat) -> Double {
        Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// Reads to the end (a file that grows meanwhile is read whole). A FIFO,
    /// device or directory put where a file was is refused without blocking.
    public static func read(_ path: String) -> Result<RegularFile, Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let e = errno
            return .failure(e == ENOENT ? .vanished : .unreadable(String(cString: strerror(e))))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .failure(.unreadable("not a regular file")) }
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
        var used = 0
        while true {
            if used == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress! + used, raw.count - used) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            used += n
        }
        bytes.removeSubrange(used...)
        return .success(RegularFile(bytes: bytes, size: Int(st.st_size), mtime: modificationTime(st)))
    }
}
