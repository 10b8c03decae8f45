#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Segmentation

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
        /// Holds characters whose normal form contains an ideograph (see `UTF8Scan`).
        public var compatibilityIdeographs: Bool
    }

    /// The report's decoded text as valid UTF-8. A `.txt` or `.md` file that is
    /// valid UTF-8 (with or without a byte-order mark) is returned as read;
    /// any other file goes through `readText`.
    public static func readUTF8(path: String) throws -> UTF8Text {
        let ext = path.utf8.lastIndex(of: UInt8(ascii: ".")).map { String(path[path.index(after: $0)...]).lowercased() } ?? ""
        let plain = ext == "txt" || ext == "md" || ext == "text" || ext == "markdown"
        // The file may have changed since it was indexed: never block on a FIFO or read a device.
        let gone = ReportError(path: path, kind: .unreadable, detail: "no longer a readable regular file")
        if plain {
            guard let file = readFile(path) else { throw gone }
            var bytes = file.bytes
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            if !utf16, !bytes.isEmpty, case let .valid(compat) = UTF8Scan.scan(bytes, from: bom ? 3 : 0) {
                if bom { bytes.removeFirst(3) }
                return UTF8Text(bytes: bytes, size: file.size, mtime: file.mtime, compatibilityIdeographs: compat)
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw gone }
        var text = try readText(path: path).text
        let bytes = text.withUTF8 { Array($0) }
        return UTF8Text(bytes: bytes, size: Int(info.st_size), mtime: modificationTime(info),
                        compatibilityIdeographs: UTF8Scan.scan(bytes) != .valid(compatibilityIdeographs: false))
    }

    /// Seconds since the epoch, computed as the indexer's file walk does.
    static func modificationTime(_ st: stat) -> Double {
        Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// The whole file with its size and modification time, or nil when it
    /// cannot be read or is not a regular file.
    static func readFile(_ path: String) -> (bytes: [UInt8], size: Int, mtime: Double)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // (a FIFO swapped in after the stat must not block)
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
}
