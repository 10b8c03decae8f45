import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ZIPFoundation

/// A zip-based report (.docx, .ofd, .xlsx) opened with limits, so a zip bomb
/// or an archive of a million entries is refused instead of filling memory.
struct ZipReport {
    static let maxEntries = 10_000
    /// Inflated bytes one entry may have, and the whole archive (what is read of it).
    static let maxEntryBytes = 32 << 20
    static let maxTotalBytes = 64 << 20

    let archive: Archive
    let path: String
    /// ".docx" etc., for messages.
    let kind: String
    private(set) var inflated = 0

    init(_ data: Data, path: String, kind: String) throws {
        self.path = path; self.kind = kind
        let copy = try Self.temporaryCopy(data, path: path)
        defer { unlink(copy) }  // the archive keeps the file open; the name is not needed
        do { archive = try Archive(url: URL(fileURLWithPath: copy), accessMode: .read) } catch {
            throw ReportError(path: path, kind: .badFormat, detail: "not a valid \(kind) (zip) file")
        }
        var count = 0
        for _ in archive {
            count += 1
            if count > Self.maxEntries {
                throw ReportError(path: path, kind: .badFormat, detail: "\(kind) has over \(Self.maxEntries) zip entries (limit)")
            }
        }
    }

    /// A temporary copy of the archive's bytes (the caller unlinks it once the archive is open).
    /// ZIPFoundation's in-memory archive traps when an offset in the archive points past its
    /// end (its MemoryFile reads a negative length; found by `make fuzz`, see
    /// FuzzRegressionTests); from a file that is a short read and a thrown error.
    static func temporaryCopy(_ data: Data, path: String) throws -> String {
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("govsearch-zip-XXXXXX")).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let tmp = String(cString: template)
        var failure = fd >= 0 ? 0 : errno
        if fd >= 0 {
            data.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count && failure == 0 {
                    let n = write(fd, raw.baseAddress! + done, raw.count - done)
                    if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { failure = n < 0 ? errno : ENOSPC }
                }
            }
            close(fd)
        }
        guard failure == 0 else {
            if fd >= 0 { unlink(tmp) }
            throw ReportError(path: path, kind: .unreadable, detail: "cannot write a temporary copy to unpack (\(String(cString: strerror(failure))))")
        }
        return tmp
    }

    /// An entry's inflated bytes (nil when there is none of that name; a
    /// leading "/" is ignored). The declared size is checked before inflating
    /// and the bytes counted while inflating, since the declared size can lie.
    mutating func read(_ name: String) throws -> Data? {
        let key = name.hasPrefix("/") ? String(name.dropFirst()) : name
        guard let entry = archive[key] else { return nil }
        let limit = min(Self.maxEntryBytes, Self.maxTotalBytes - inflated)
        let tooLarge = ReportError(path: path, kind: .badFormat,
                                   detail: "\(kind) entry \(key) inflates past the \(limit >> 20) MiB limit (zip bomb?)")
        if entry.uncompressedSize > UInt64(limit) { throw tooLarge }
        var out = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                if out.count + chunk.count > limit { throw tooLarge }
                out.append(chunk)
            }
        } catch let e as ReportError {
            throw e
        } catch {
            throw ReportError(path: path, kind: .badFormat, detail: "cannot unpack \(key) from \(kind) (damaged or truncated)")
        }
        inflated += out.count
        return out
    }

    /// Like `read`, but a missing entry is an error.
    mutating func require(_ name: String) throws -> Data {
        guard let d = try read(name) else {
            throw ReportError(path: path, kind: .badFormat, detail: "\(kind) has no \(name)")
        }
        return d
    }
}
