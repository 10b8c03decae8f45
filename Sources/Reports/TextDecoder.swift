import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes report bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, GB18030.
/// Invalid bytes become U+FFFD and are reported as warnings naming the file and byte offset.
public enum TextDecoder {
    public enum Encoding: String, Sendable { case utf8 = "utf-8", utf8BOM = "utf-8-bom", utf16LE = "utf-16le", utf16BE = "utf-16be", gb18030 }

    public static func decode(_ data: Data, path: String) -> (text: String, warnings: [String]) {
        let r = decodeDetailed(data, path: path)
        return (r.text, r.warnings)
    }

    static func decodeDetailed(_ data: Data, path: String, preferGB: Bool = false) -> (text: String, warnings: [String], encoding: Encoding) {
        let bytes = [UInt8](data)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            let (t, w) = decodeUTF8(bytes, from: 3, path: path)
            return (t, w, .utf8BOM)
        }
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
            let (t, w) = decodeUTF16(bytes, from: 2, littleEndian: true, path: path)
            return (t, w, .utf16LE)
        }
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
            let (t, w) = decodeUTF16(bytes, from: 2, littleEndian: false, path: path)
            return (t, w, .utf16BE)
        }
        // Valid UTF-8, the common case, in one validating pass.
        if !preferGB, let text = String(validating: bytes, as: UTF8.self) {
            return (text, [], .utf8)
        }
        let invalid = countInvalidUTF8(bytes, limit: 64)
        // A few bad bytes in otherwise valid UTF-8 (truncation, stray byte): keep UTF-8.
        if !preferGB && invalid <= 8 && invalid * 400 < bytes.count {
            let (t, w) = decodeUTF8(bytes, from: 0, path: path)
            return (t, w, .utf8)
        }
        if let (t, w) = decodeGB18030(bytes, path: path) {
            return (t, w, .gb18030)
        }
        let (t, w) = decodeUTF8(bytes, from: 0, path: path)
        return (t, w, .utf8)
    }

    /// Length of a valid UTF-8 sequence starting at i, or 0 if invalid.
    @inline(__always) static func utf8SeqLen(_ b: [UInt8], _ i: Int) -> Int {
        let n = b.count
        let c = b[i]
        if c < 0x80 { return 1 }
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        if c >= 0xC2 && c <= 0xDF { return cont(i + 1) ? 2 : 0 }
        if c >= 0xE0 && c <= 0xEF {
            guard cont(i + 1), cont(i + 2) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xE0 && c1 < 0xA0 { return 0 }
            if c == 0xED && c1 >= 0xA0 { return 0 }
            return 3
        }
        if c >= 0xF0 && c <= 0xF4 {
            guard cont(i + 1), cont(i + 2), cont(i + 3) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xF0 && c1 < 0x90 { return 0 }
            if c == 0xF4 && c1 >= 0x90 { return 0 }
            return 4
        }
        return 0
    }

    static func countInvalidUTF8(_ b: [UInt8], limit: Int) -> Int {
        var i = 0, bad = 0
        let n = b.count
        while i < n {
            if b[i] < 0x80 { i += 1; continue }
            let l = utf8SeqLen(b, i)
            if l == 0 { bad += 1; if bad >= limit { return bad }; i += 1 } else { i += l }
        }
        return bad
    }

    static func decodeUTF8(_ b: [UInt8], from: Int, path: String) -> (String, [String]) {
        var out = String.UnicodeScalarView()
        var warnings: [String] = []
        var i = from
        let n = b.count
        var badRunStart = -1
        func flushBad(_ end: Int) {
            if badRunStart >= 0 {
                if warnings.count < 20 {
                    warnings.append("\(path): invalid UTF-8 at byte offset \(badRunStart)\(end - badRunStart > 1 ? " (\(end - badRunStart) bytes)" : ""), replaced by U+FFFD")
                }
                out.append("\u{FFFD}")
                badRunStart = -1
            }
        }
        // Fast path for valid runs
        while i < n {
            let l = utf8SeqLen(b, i)
            if l == 0 {
                if badRunStart < 0 { badRunStart = i }
                i += 1
                continue
            }
            flushBad(i)
            var v: U
            switch l {
            case 1: v = U(b[i])
            case 2: v = (U(b[i] & 0x1F) << 6) | U(b[i + 1] & 0x3F)
            case 3: v = (U(b[i] & 0x0F) << 12) | (U(b[i + 1] & 0x3F) << 6) | U(b[i + 2] & 0x3F)
            default: v = (U(b[i] & 0x07) << 18) | (U(b[i + 1] & 0x3F) << 12) | (U(b[i + 2] & 0x3F) << 6) | U(b[i + 3] & 0x3F)
            }
            out.append(Unicode.Scalar(v) ?? "\u{FFFD}")
            i += l
        }
        flushBad(n)
        return (String(out), warnings)
    }

    static func decodeUTF16(_ b: [UInt8], from: Int, littleEndian: Bool, path: String) -> (String, [String]) {
        var out = String.UnicodeScalarView()
        var warnings: [String] = []
        var i = from
        let n = b.count
        func unit(_ k: Int) -> UInt16 {
            littleEndian ? UInt16(b[k]) | (UInt16(b[k + 1]) << 8) : (UInt16(b[k]) << 8) | UInt16(b[k + 1])
        }
        while i + 1 < n {
            let w = unit(i)
            if w >= 0xD800 && w <= 0xDBFF {
                if i + 3 < n {
                    let w2 = unit(i + 2)
                    if w2 >= 0xDC00 && w2 <= 0xDFFF {
                        let v = 0x10000 + ((U(w) - 0xD800) << 10) + (U(w2) - 0xDC00)
                        out.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                        i += 4
                        continue
                    }
                }
                if warnings.count < 20 { warnings.append("\(path): invalid UTF-16 at byte offset \(i), replaced by U+FFFD") }
                out.append("\u{FFFD}"); i += 2; continue
            }
            if w >= 0xDC00 && w <= 0xDFFF {
                if warnings.count < 20 { warnings.append("\(path): invalid UTF-16 at byte offset \(i), replaced by U+FFFD") }
                out.append("\u{FFFD}"); i += 2; continue
            }
            out.append(Unicode.Scalar(U(w)) ?? "\u{FFFD}")
            i += 2
        }
        if i < n {
            warnings.append("\(path): odd trailing byte at byte offset \(i) in UTF-16 text, ignored")
        }
        return (String(out), warnings)
    }

    /// GB18030 through iconv; nil when iconv lacks the codec or the text is mostly invalid.
    static func decodeGB18030(_ b: [UInt8], path: String) -> (String, [String])? {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var out = [UInt8]()
        out.reserveCapacity(b.count * 3 / 2 + 16)
        var warnings: [String] = []
        var bad = 0
        var input = b
        let total = input.count
        var outBuf = [UInt8](repeating: 0, count: 65536)
        var pos = 0
        while pos < total {
            var inLeft = total - pos
            var outLeft = outBuf.count
            let (res, err): (Int, Int32) = input.withUnsafeMutableBufferPointer { inPtr in
                outBuf.withUnsafeMutableBufferPointer { outPtr in
                    var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inPtr.baseAddress! + pos).assumingMemoryBound(to: CChar.self)
                    var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outPtr.baseAddress!).assumingMemoryBound(to: CChar.self)
                    let r = iconv(cd, &ip, &inLeft, &op, &outLeft)
                    return (r, r == -1 ? errno : 0)
                }
            }
            let produced = outBuf.count - outLeft
            out.append(contentsOf: outBuf[0..<produced])
            let consumed = (total - pos) - inLeft
            pos += consumed
            if res == -1 {
                if err == E2BIG { continue }
                // EILSEQ or EINVAL: one bad byte
                bad += 1
                if warnings.count < 20 {
                    warnings.append("\(path): invalid GB18030 byte at byte offset \(pos), replaced by U+FFFD")
                }
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                pos += 1
            }
        }
        if bad * 50 > max(total, 1) { return nil }
        return (String(decoding: out, as: UTF8.self), warnings)
    }
}
