import Foundation

/// Why a file could not be read; the description is one line naming the file and the cause.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable { case unreadable, empty, binary, unsupported, toolMissing, badFormat }
    public var path: String
    public var kind: Kind
    public var detail: String
    public init(path: String, kind: Kind, detail: String) { self.path = path; self.kind = kind; self.detail = detail }
    public var description: String { "\(Self.printable(path)): \(detail)" }

    /// A path for a one-line message: control characters (a newline in a file
    /// name) and bidirectional overrides (U+202E reverses what follows on a
    /// terminal) are written as escapes.
    public static func printable(_ path: String) -> String {
        var out = ""
        for u in path.unicodeScalars {
            switch u.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x5C: out += "\\\\"
            case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0x061C, 0xFEFF:
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

public enum ReportReader {
    /// Reads a file, picks the format by extension, decodes and parses it. Thread-safe.
    /// `data`: the file's bytes when the caller already read them (the indexer hashes
    /// the same bytes it indexes, and reads each file once). `ocr`: read a scanned PDF
    /// by OCR (slow: seconds a page); otherwise it is refused as having no text.
    public static func read(path: String, data: Data? = nil, ocr: Bool = true) throws -> Report {
        let (abs, text, warnings) = try readText(path: path, data: data, ocr: ocr)
        var report = parse(text: text, path: abs, warnings: warnings)
        report.ocr = warnings.contains(ocrWarning(abs))
        return report
    }

    /// The warning a report read by OCR carries.
    static func ocrWarning(_ path: String) -> String { "\(path): text read by OCR (tesseract chi_sim): it may hold misread characters" }

    /// Reads and decodes a file's text without parsing it (snippets need only this).
    public static func readText(path: String, data given: Data? = nil, ocr: Bool = true) throws -> (path: String, text: String, warnings: [String]) {
        let abs = absolutePath(path)
        guard let format = ReportFormat(path: abs) else {
            let ext = (abs as NSString).pathExtension.lowercased()
            throw ReportError(path: abs, kind: .unsupported, detail: "unsupported file extension '\(ext.isEmpty ? "(none)" : "." + ext)' (expected one of \(ReportFormat.extensionList))")
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: abs, isDirectory: &isDir), isDir.boolValue {
            throw ReportError(path: abs, kind: .unreadable, detail: "is a directory, not a report file")
        }
        // Only regular files are read: a FIFO or device left where a report was must not block or stream.
        var info = stat()
        if given == nil, stat(abs, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw ReportError(path: abs, kind: .unreadable, detail: "not a regular file")
        }
        let data: Data
        do {
            data = try given ?? Data(contentsOf: URL(fileURLWithPath: abs))
        } catch {
            let exists = FileManager.default.fileExists(atPath: abs)
            throw ReportError(path: abs, kind: .unreadable, detail: exists ? "cannot read file (permission denied or I/O error)" : "no such file")
        }
        if data.isEmpty { throw ReportError(path: abs, kind: .empty, detail: "file is empty") }
        var warnings: [String] = []
        var text: String
        switch format {
        case .docx: text = try Formats.docxText(data, path: abs)
        case .ofd: text = try OFDText.text(data, path: abs)
        case .xlsx: text = try XLSXText.text(data, path: abs)
        case .word97: text = try OLEText.wordText(data, path: abs)
        case .excel97: text = try OLEText.excelText(data, path: abs)
        case .pdf:
            let r = try PDFText.text(path: abs, ocr: ocr)
            text = r.text
            if r.ocr { warnings.append(ocrWarning(abs)) }
        case .html:
            try rejectBinary(data, path: abs)
            let d = TextDecoder.decodeDetailed(data, path: abs, preferGB: Formats.htmlDeclaresGB(data))
            warnings += d.warnings
            text = Formats.htmlText(d.text)
        case .text:
            try rejectBinary(data, path: abs)
            let d = TextDecoder.decodeDetailed(data, path: abs)
            warnings += d.warnings
            text = d.text
        }
        if text.unicodeScalars.allSatisfy({ isSpaceOrNewline($0.value) }) {
            throw ReportError(path: abs, kind: .empty, detail: "no text content")
        }
        return (abs, text, warnings)
    }

    static func rejectBinary(_ data: Data, path: String) throws {
        // UTF-16 with BOM legitimately holds NUL bytes.
        if data.count >= 2 && ((data[data.startIndex] == 0xFF && data[data.startIndex + 1] == 0xFE) || (data[data.startIndex] == 0xFE && data[data.startIndex + 1] == 0xFF)) { return }
        // Over raw bytes: iterating a Data slice costs ~7 instructions more per byte on Linux.
        let (nul, control, count) = data.withUnsafeBytes { raw -> (Int, Int, Int) in
            let head = raw.bindMemory(to: UInt8.self).prefix(8192)
            var nul = 0, control = 0
            for b in head {
                if b == 0 { nul += 1 } else if b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) { control += 1 }
            }
            return (nul, control, head.count)
        }
        if nul > 0 || control * 20 > count {
            throw ReportError(path: path, kind: .binary, detail: "binary content, not a text report")
        }
    }

    static func absolutePath(_ p: String) -> String {
        // Already clean (the index stores real paths): NSString's standardizing costs ~80k instructions.
        if p.hasPrefix("/") && !p.contains("/./") && !p.contains("/../") && !p.contains("//") && !p.hasSuffix("/.")
            && !p.hasSuffix("/..") && !p.hasSuffix("/") {
            return p
        }
        if p.hasPrefix("/") { return (p as NSString).standardizingPath }
        let cwd = FileManager.default.currentDirectoryPath
        return ((cwd as NSString).appendingPathComponent(p) as NSString).standardizingPath
    }

    /// Parses already decoded text. `path` is recorded as given.
    public static func parse(text: String, path: String, warnings: [String] = []) -> Report {
        let s = text.unicodeScalars.map { $0.value }
        let lines = Lines(s)
        let sections = SectionParser.sections(s, lines)
        let (title, meta) = MetadataExtractor.extract(s, lines, sections: sections)
        let (stats, checks) = StatisticsParser.parse(s, sections: sections)
        return Report(path: path, text: text, title: title, sections: sections, metadata: meta, warnings: warnings,
                      statistics: stats, checks: checks)
    }
}

/// Alias for callers that think of parsing separately from reading.
public typealias ReportParser = ReportReader
