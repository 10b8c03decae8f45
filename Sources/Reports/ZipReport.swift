import Foundation
import CZlib

/// A zip-based report (.docx, .ofd, .xlsx) read by our own zip reader over the
/// bytes in memory, with zlib's raw inflate, and with limits: a zip bomb or an
/// archive of a million entries is refused instead of filling memory, and a
/// truncated or lying archive (offsets past the end, a deflate stream cut short)
/// is a bad-format error, never a hang or a trap.
struct ZipReport {
    static let maxEntries = 10_000
    /// Inflated bytes one entry may have, and the whole archive (what is read of it).
    static let maxEntryBytes = 32 << 20
    static let maxTotalBytes = 64 << 20

    /// An entry as the central directory describes it.
    struct Entry {
        let method: Int
        let flags: Int
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let bytes: [UInt8]
    /// The entries by name; the first of a repeated name wins.
    let entries: [String: Entry]
    let path: String
    /// ".docx" etc., for messages.
    let kind: String
    private(set) var inflated = 0

    init(_ data: Data, path: String, kind: String) throws {
        self.path = path; self.kind = kind
        let bytes = [UInt8](data)
        self.bytes = bytes
        let invalid = ReportError(path: path, kind: .badFormat, detail: "not a valid \(kind) (zip) file")
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }

        // End of central directory: 22 bytes and a comment of up to 65,535, so within the last 65,557.
        let eocdSize = 22
        guard bytes.count >= eocdSize else { throw invalid }
        var eocd = -1
        var at = bytes.count - eocdSize
        let lowest = max(0, bytes.count - eocdSize - 0xFFFF)
        while at >= lowest {
            if bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 0x05 && bytes[at + 3] == 0x06
                && at + eocdSize + u16(at + 20) <= bytes.count {
                eocd = at
                break
            }
            at -= 1
        }
        guard eocd >= 0 else { throw invalid }
        let disk = u16(eocd + 4), directoryDisk = u16(eocd + 6)
        let onDisk = u16(eocd + 8), count = u16(eocd + 10)
        let directorySize = u32(eocd + 12), directoryOffset = u32(eocd + 16)
        // ZIP64 (markers of all ones) and split archives: reports are never either.
        if count == 0xFFFF || onDisk == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw ReportError(path: path, kind: .badFormat, detail: "not a valid \(kind) (zip) file (ZIP64 is not supported)")
        }
        guard disk == 0, directoryDisk == 0, onDisk == count else { throw invalid }
        if count > Self.maxEntries {
            throw ReportError(path: path, kind: .badFormat, detail: "\(kind) has over \(Self.maxEntries) zip entries (limit)")
        }
        let directoryEnd = directoryOffset + directorySize
        guard directoryEnd <= eocd else { throw invalid }

        // Central directory: `count` records of 46 bytes and a name, extra field and comment.
        var entries: [String: Entry] = [:]
        var record = directoryOffset
        for _ in 0..<count {
            guard record + 46 <= directoryEnd, u32(record) == 0x0201_4B50 else { throw invalid }
            let nameLength = u16(record + 28), extraLength = u16(record + 30), commentLength = u16(record + 32)
            let next = record + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else { throw invalid }
            let entry = Entry(method: u16(record + 10), flags: u16(record + 8),
                              compressedSize: u32(record + 20), uncompressedSize: u32(record + 24),
                              localHeaderOffset: u32(record + 42))
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
                throw ReportError(path: path, kind: .badFormat, detail: "not a valid \(kind) (zip) file (ZIP64 is not supported)")
            }
            guard entry.localHeaderOffset + 30 <= bytes.count else { throw invalid }
            let name = String(decoding: bytes[(record + 46)..<(record + 46 + nameLength)], as: UTF8.self)
            if entries[name] == nil { entries[name] = entry }
            record = next
        }
        self.entries = entries
    }

    /// An entry's inflated bytes (nil when there is none of that name; a
    /// leading "/" is ignored). The declared size is checked before inflating
    /// and the bytes counted while inflating, since the declared size can lie.
    mutating func read(_ name: String) throws -> Data? {
        let key = name.hasPrefix("/") ? String(name.dropFirst()) : name
        guard let entry = entries[key] else { return nil }
        let limit = min(Self.maxEntryBytes, Self.maxTotalBytes - inflated)
        let tooLarge = ReportError(path: path, kind: .badFormat,
                                   detail: "\(kind) entry \(key) inflates past the \(limit >> 20) MiB limit (zip bomb?)")
        func bad(_ why: String) -> ReportError {
            ReportError(path: path, kind: .badFormat, detail: "\(kind) entry \(key) \(why)")
        }
        if entry.flags & 1 != 0 { throw bad("is encrypted") }
        // The local header: 30 bytes, then its own name and extra field, then the data.
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count,
              bytes[header] == 0x50, bytes[header + 1] == 0x4B, bytes[header + 2] == 0x03, bytes[header + 3] == 0x04
        else { throw bad("has no local header (damaged)") }
        let start = header + 30 + (Int(bytes[header + 26]) | Int(bytes[header + 27]) << 8)
                                + (Int(bytes[header + 28]) | Int(bytes[header + 29]) << 8)
        guard start + entry.compressedSize <= bytes.count else { throw bad("is truncated") }
        let out: Data
        switch entry.method {
        case 0:  // stored
            if entry.compressedSize > limit { throw tooLarge }
            out = Data(bytes[start..<(start + entry.compressedSize)])
        case 8:  // deflate
            if entry.uncompressedSize > limit { throw tooLarge }
            out = try inflateRaw(start, entry.compressedSize, limit: limit, tooLarge: tooLarge, bad: bad)
        default:
            throw bad("has unsupported compression method \(entry.method)")
        }
        inflated += out.count
        return out
    }

    /// Inflates a raw deflate stream of `count` bytes at `start`, at most `limit` bytes of output.
    /// The stream must end (Z_STREAM_END) within its bytes: one that has used them all without
    /// ending is truncated, and each call of `inflate` either progresses or ends the loop.
    private func inflateRaw(_ start: Int, _ count: Int, limit: Int, tooLarge: ReportError,
                            bad: (String) -> ReportError) throws -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ReportError(path: path, kind: .unreadable, detail: "cannot start zlib to unpack \(kind)")
        }
        defer { inflateEnd(&stream) }
        var out = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try bytes.withUnsafeBufferPointer { input in
            try chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_in = input.baseAddress! + start
                stream.avail_in = UInt32(count)
                while true {
                    let availableIn = stream.avail_in
                    stream.next_out = buffer.baseAddress!
                    stream.avail_out = UInt32(buffer.count)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    let produced = buffer.count - Int(stream.avail_out)
                    if out.count + produced > limit { throw tooLarge }
                    out.append(buffer.baseAddress!, count: produced)
                    switch result {
                    case Z_STREAM_END:
                        return
                    case Z_OK where produced > 0 || stream.avail_in < availableIn:
                        continue
                    case Z_OK, Z_BUF_ERROR:  // no progress: the input is used up before the stream's end
                        throw bad("is truncated")
                    default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR, Z_STREAM_ERROR
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                        throw bad("is damaged (\(message))")
                    }
                }
            }
        }
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
