import Foundation
import FuzzSupport
@_spi(Fuzzing) import Reports

/// Encoding sniffing and decoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030).
runFuzzer { data, size in
    let input = bytes(data, size)
    let b = [UInt8](input)
    for preferGB in [false, true] {
        let (text, warnings, encoding) = ReportsFuzzing.decode(input, preferGB: preferGB)
        // Each decoder keeps at most 20 warnings, plus UTF-16's one for an odd trailing byte.
        check(warnings.count <= 21, "\(warnings.count) warnings")
        switch encoding {
        case "utf-8-bom":
            check(b.starts(with: [0xEF, 0xBB, 0xBF]), "utf-8-bom without a BOM")
            if let valid = String(validating: b.dropFirst(3), as: UTF8.self) {
                check(text == valid && warnings.isEmpty, "valid UTF-8 after a BOM not kept as is")
            }
        case "utf-8":
            if !preferGB, let valid = String(validating: b, as: UTF8.self) {
                check(text == valid && warnings.isEmpty, "valid UTF-8 not kept as is")
            }
            // A valid byte sequence is copied; each invalid run becomes one U+FFFD.
            if !text.unicodeScalars.contains("\u{FFFD}") { check(Array(text.utf8) == b, "UTF-8 decoding lost bytes") }
        case "utf-16le", "utf-16be":
            // Without replacements the text re-encodes to the bytes after the BOM.
            if !text.unicodeScalars.contains("\u{FFFD}") && b.count % 2 == 0 {
                let le = encoding == "utf-16le"
                let back = text.utf16.flatMap { u -> [UInt8] in
                    le ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)]
                }
                check(back == Array(b.dropFirst(2)), "UTF-16 decoding does not round-trip")
            }
        case "gb18030":
            // Chosen only over text UTF-8 cannot read without many replacements.
            check(preferGB || String(validating: b, as: UTF8.self) == nil, "valid UTF-8 read as GB18030")
        default:
            check(false, "unknown encoding \(encoding)")
        }
    }
    // The public entry point is the preferGB: false path.
    let pub = TextDecoder.decode(input, path: "fuzz")
    check(pub.text == ReportsFuzzing.decode(input, preferGB: false).text, "decode is not deterministic")
}
