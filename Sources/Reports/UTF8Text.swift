#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a report back as UTF-8 bytes, for the snippet of a hit: most
/// reports are plain UTF-8 text, and for them building a String and its
/// scalars would cost more than finding the passage.
extension ReportReader {
    /// A report's text as valid UTF-8, with the file's size and modification
    /// time as read (seconds, as the indexer records them).
    public struct UTF8Text: Sendable {
        public var bytes: [UInt8]
        public var size: Int
        public var mtime: Double
    }

    /// The report's decoded text as valid UTF-8. A `.txt` or `.md` file that is
    /// valid UTF-8 (with or without a byte-order mark) is returned as read;
    /// any other file goes through `readText`.
    public static func readUTF8(path: String) throws -> UTF8Text {
        let ext = path.utf8.lastIndex(of: UInt8(ascii: ".")).map { String(path[path.index(after: $0)...]).lowercased() } ?? ""
        let plain = ext == "txt" || ext == "md" || ext == "text" || ext == "markdown"
        if plain, let file = readFile(path) {
            var bytes = file.bytes
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            if !utf16, !bytes.isEmpty, isValidUTF8(bytes, from: bom ? 3 : 0) {
                if bom { bytes.removeFirst(3) }
                return UTF8Text(bytes: bytes, size: file.size, mtime: file.mtime)
            }
        }
        var info = stat()
        let known = stat(path, &info) == 0
        var text = try readText(path: path).text
        return UTF8Text(bytes: text.withUTF8 { Array($0) }, size: known ? Int(info.st_size) : -1,
                        mtime: known ? modificationTime(info) : .nan)
    }

    /// Seconds since the epoch, computed as the indexer's file walk does.
    static func modificationTime(_ st: stat) -> Double {
        Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// The whole file with its size and modification time, or nil when it cannot be read.
    static func readFile(_ path: String) -> (bytes: [UInt8], size: Int, mtime: Double)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            count = 0
            while count < size {
                let n = Glibc.read(fd, buf.baseAddress! + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = n < 0; break }
                count += n
            }
        }
        return failed ? nil : (bytes, size, modificationTime(st))
    }

    /// Strict UTF-8 validation (no overlongs, surrogates or values past U+10FFFF),
    /// eight ASCII bytes at a time.
    static func isValidUTF8(_ bytes: [UInt8], from start: Int) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = start
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    while i + 8 <= n, UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                    }
                    continue
                }
                @inline(__always) func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
                // Most of a Chinese report: three-byte characters whose second byte has no extra bound.
                if (c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF {
                    guard i + 2 < n, (UInt16(b[i + 1]) | UInt16(b[i + 2]) << 8) & 0xC0C0 == 0x8080 else { return false }
                    i += 3
                    continue
                }
                if c >= 0xC2 && c <= 0xDF {
                    guard cont(i + 1) else { return false }
                    i += 2
                } else if c >= 0xE0 && c <= 0xEF {
                    guard cont(i + 1), cont(i + 2) else { return false }
                    let c1 = b[i + 1]
                    if (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) { return false }
                    i += 3
                } else if c >= 0xF0 && c <= 0xF4 {
                    guard cont(i + 1), cont(i + 2), cont(i + 3) else { return false }
                    let c1 = b[i + 1]
                    if (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) { return false }
                    i += 4
                } else {
                    return false
                }
            }
            return true
        }
    }
}
