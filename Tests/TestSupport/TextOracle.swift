import Foundation

/// The truth about a report's text, computed without the code under test:
/// files are decoded here with Foundation (UTF-8, UTF-16 by BOM, GB18030),
/// HTML is stripped with regular expressions, .docx is unpacked by `unzip`
/// and .pdf converted by poppler's `pdftotext` (external tools, not the
/// project's Reports module), and the normalization is written anew from the
/// README: NFKC, lower case, white space between two Chinese characters removed.
public enum TextOracle {
    /// The extensions the README says `index` reads.
    public static let extensions: Set<String> = ["txt", "md", "html", "htm", "docx", "pdf"]

    /// GB 18030-2000 (kCFStringEncodingGB_18030_2000 = 0x0632) as a Foundation encoding.
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public struct Undecodable: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "the oracle cannot decode \(path)" }
    }

    /// The decoded text of a report file, or nil for a file of another extension.
    public static func text(_ path: String) throws -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else { return nil }
        switch ext {
        case "docx":
            let r = try Command.run("/usr/bin/unzip", ["-p", path, "word/document.xml"])
            guard r.status == 0 else { throw Undecodable(path: path) }
            return stripDocx(r.stdout)
        case "pdf":
            // Without poppler the indexer skips PDF files too (README).
            guard ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].contains(where: FileManager.default.isExecutableFile) else { return nil }
            let r = try Command.env(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"])
            guard r.status == 0 else { throw Undecodable(path: path) }
            return r.stdout
        case "html", "htm":
            return stripHTML(try decode(Data(contentsOf: URL(fileURLWithPath: path)), path: path))
        default:
            return try decode(Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        }
    }

    /// Plain text by its byte-order mark, else strict UTF-8, else GB18030.
    public static func decode(_ data: Data, path: String = "") throws -> String {
        let b = [UInt8](data.prefix(3))
        var decoded: String?
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            decoded = String(data: data.dropFirst(3), encoding: .utf8)
        } else if b.starts(with: [0xFF, 0xFE]) {
            decoded = String(data: data.dropFirst(2), encoding: .utf16LittleEndian)
        } else if b.starts(with: [0xFE, 0xFF]) {
            decoded = String(data: data.dropFirst(2), encoding: .utf16BigEndian)
        } else {
            decoded = String(data: data, encoding: .utf8) ?? String(data: data, encoding: gb18030)
        }
        guard let s = decoded else { throw Undecodable(path: path) }
        return s
    }

    static func replacing(_ pattern: String, in s: String, with template: String) -> String {
        let re = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
        return re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }

    /// Visible text of a page: comments and the elements a browser does not
    /// show as text dropped, every other tag a line break, entities decoded.
    public static func stripHTML(_ html: String) -> String {
        var s = replacing("<!--.*?-->", in: html, with: "")
        s = replacing("<(head|script|style|nav|noscript|template|svg|iframe|select|button)\\b.*?</\\1\\s*>", in: s, with: "\n")
        s = replacing("<[^>]*>", in: s, with: "\n")
        return decodeEntities(s)
    }

    /// Text of word/document.xml: a paragraph or break a line, a tab a tab, other markup nothing.
    public static func stripDocx(_ xml: String) -> String {
        var s = replacing("</w:p>|<w:br[^>]*>|<w:cr[^>]*>", in: xml, with: "\n")
        s = replacing("<w:tab[^>]*>", in: s, with: "\t")
        s = replacing("<[^>]*>", in: s, with: "")
        return decodeEntities(s)
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ensp": "\u{2002}", "emsp": "\u{3000}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "middot": "\u{B7}",
        "mdash": "\u{2014}", "hellip": "\u{2026}",
    ]

    static func decodeEntities(_ s: String) -> String {
        let re = try! NSRegularExpression(pattern: "&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")
        var out = ""
        var last = s.startIndex
        for m in re.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
            let whole = Range(m.range, in: s)!, name = String(s[Range(m.range(at: 1), in: s)!])
            var value: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                value = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if name.hasPrefix("#") {
                value = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                value = entities[name]
            }
            out += s[last..<whole.lowerBound]
            out += value ?? String(s[whole])
            last = whole.upperBound
        }
        return out + s[last...]
    }

    // MARK: normalization

    /// NFKC over the whole string, lower case, white space between two Han
    /// characters removed — written independently of Segmentation.Normalizer.
    public static func normalize(_ s: String) -> String {
        let folded = s.precomposedStringWithCompatibilityMapping.lowercased()
        let scalars = Array(folded.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace, let last = out.last, isHan(last) {
                var j = i
                while j < scalars.count && scalars[j].properties.isWhitespace { j += 1 }
                if j < scalars.count && isHan(scalars[j]) { i = j; continue }
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    public static func isHan(_ s: Unicode.Scalar) -> Bool { s.properties.isIdeographic && s.value >= 0x3400 }

    /// The normalized text of every report file below `root`, by real path.
    public static func normalizedTexts(below root: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let walk = fm.enumerator(atPath: root) else { return out }
        for case let rel as String in walk {
            let path = root + "/" + rel
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            guard let text = try self.text(path) else { continue }
            out[TestPaths.realPath(path) ?? path] = normalize(text)
        }
        return out
    }

    /// Byte search in UTF-8 (a byte substring is a character substring in UTF-8).
    public static func occurs(_ needle: [UInt8], in hay: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= hay.count else { return needle.isEmpty }
        let first = needle[0], n = needle.count
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { nd in
                var i = 0
                let last = h.count - n
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n && h[i + k] == nd[k] { k += 1 }
                        if k == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether the normalized `text` contains the normalized `word`.
    public static func contains(_ text: String, _ word: String) -> Bool {
        occurs(Array(normalize(word).utf8), in: Array(text.utf8))
    }
}
