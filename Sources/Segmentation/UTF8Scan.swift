/// One pass over UTF-8 bytes: strict validation, and whether the text holds a
/// character that is not an ideograph but whose normal form contains one —
/// CJK radicals (U+2E80–2FDF), Hangzhou numerals (U+3038–303A), kanbun marks
/// (U+3190–319F), enclosed and compatibility CJK (U+3200–33FF), compatibility
/// ideographs (U+F900–FAFF, U+2F800–2FA1F) and the enclosed ideographic
/// supplement (U+1F200–1F2FF). Such text cannot be matched on its bytes as
/// written (an ideograph is otherwise its own normal form). A test checks the
/// list against `Normalizer` over planes 0–2.
public enum UTF8Scan {
    public enum Result: Equatable, Sendable {
        case invalid
        case valid(compatibilityIdeographs: Bool)
    }

    public static func scan(_ bytes: [UInt8], from start: Int = 0) -> Result {
        bytes.withUnsafeBufferPointer { scan($0, from: start) }
    }

    /// Strict: no overlongs, surrogates or values past U+10FFFF. Eight ASCII
    /// bytes at a time; a common three-byte character in a few instructions.
    public static func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Result {
        let n = b.count
        var i = start
        var compat = false
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                while i + 8 <= n, UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                continue
            }
            if c >= 0xE1 && c <= 0xEF && c != 0xED {
                // Three bytes, the second with no bound beyond being a continuation byte.
                guard i + 2 < n, (UInt16(b[i + 1]) | UInt16(b[i + 2]) << 8) & 0xC0C0 == 0x8080 else { return .invalid }
                if c == 0xE2 || c == 0xE3 || c == 0xEF {
                    let c1 = b[i + 1], c2 = b[i + 2]
                    switch c {
                    case 0xE2: if c1 >= 0xBA { compat = true }                      // U+2E80–2FFF
                    case 0xE3:
                        if (c1 >= 0x88 && c1 <= 0x8F) || (c1 == 0x86 && c2 >= 0x90)  // U+3200–33FF, U+3190–31BF
                            || (c1 == 0x80 && c2 >= 0xB8 && c2 <= 0xBA) { compat = true }  // U+3038–303A
                    default: if c1 >= 0xA4 && c1 <= 0xAB { compat = true }          // U+F900–FAFF
                    }
                }
                i += 3
                continue
            }
            if c >= 0xC2 && c <= 0xDF {
                guard cont(i + 1) else { return .invalid }
                i += 2
            } else if c == 0xE0 || c == 0xED {
                guard cont(i + 1), cont(i + 2) else { return .invalid }
                let c1 = b[i + 1]
                if (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) { return .invalid }
                i += 3
            } else if c >= 0xF0 && c <= 0xF4 {
                guard cont(i + 1), cont(i + 2), cont(i + 3) else { return .invalid }
                let c1 = b[i + 1], c2 = b[i + 2]
                if (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) { return .invalid }
                if c == 0xF0 && ((c1 == 0x9F && c2 >= 0x88 && c2 <= 0x8B) || (c1 == 0xAF && c2 >= 0xA0 && c2 <= 0xA8)) {
                    compat = true  // U+1F200–1F2FF, U+2F800–2FA3F
                }
                i += 4
            } else {
                return .invalid
            }
        }
        return .valid(compatibilityIdeographs: compat)
    }
}
