import Foundation
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
        // The file may have changed since it was indexed: never block on a FIFO or read a device.
        guard case let .success(file) = RegularFile.read(path) else {
            throw ReportError(path: path, kind: .unreadable, detail: "no longer a readable regular file")
        }
        if ReportFormat(path: path) == .text {
            var bytes = file.bytes
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            if !utf16, !bytes.isEmpty, case let .valid(compat) = UTF8Scan.scan(bytes, from: bom ? 3 : 0) {
                if bom { bytes.removeFirst(3) }
                return UTF8Text(bytes: bytes, size: file.size, mtime: file.mtime, compatibilityIdeographs: compat)
            }
        }
        // Other encodings and formats: decoded from the bytes already read.
        // No OCR here: a snippet must not take seconds a page; a scanned PDF's hit has none.
        var text = try readText(path: path, data: Data(file.bytes), ocr: false).text
        let bytes = text.withUTF8 { Array($0) }
        return UTF8Text(bytes: bytes, size: file.size, mtime: file.mtime,
                        compatibilityIdeographs: UTF8Scan.scan(bytes) != .valid(compatibilityIdeographs: false))
    }
}
