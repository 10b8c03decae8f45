/// Reads the JSON that `StoredReport.encoded()` writes, a scalar at a time,
/// building no tree: Foundation's JSONSerialization costs ~0.4 M instructions
/// per small object on Linux, and a generic tree 135k a hit. It accepts any
/// JSON (unknown fields are skipped), so data from a newer version still reads.
struct StoredDataReader {
    let b: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) { b = bytes }

    /// Skips white space and then `c` if it is next.
    mutating func take(_ c: UInt8) -> Bool {
        space()
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    mutating func space() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }

    /// Reads `{ "key": value, … }`, calling `field` with each key; `field` must
    /// read the value (or `skip()` it) and return false when it is malformed.
    mutating func object(_ field: (inout StoredDataReader, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            space()
            guard let key = string(), take(UInt8(ascii: ":")) else { return false }
            space()
            guard field(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// Reads `[ element, … ]`; `element` reads one element.
    mutating func array(_ element: (inout StoredDataReader) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            space()
            guard element(&self) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    /// A string, or nil (and nothing consumed) when the next value is none.
    mutating func string() -> String? {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: b[start..<i], as: UTF8.self)
        }
        var out = Array(b[start..<i])
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            guard i + 1 < b.count else { return nil }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var code = hex4() else { return nil }
                if code >= 0xD800 && code < 0xDC00, i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    guard let low = hex4() else { return nil }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
            default: out.append(e)
            }
        }
        return nil
    }

    /// A number, or nil when the next value is none (null, a string, …), which is then skipped.
    mutating func double() -> Double? {
        let start = i
        // Integers (every number the index writes but mtime) without going through a String.
        let negative = i < b.count && b[i] == 0x2D
        if negative { i += 1 }
        var n = 0, digits = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39, digits < 16 { n = n * 10 + Int(b[i] - 0x30); i += 1; digits += 1 }
        if digits > 0 && digits < 16 && (i == b.count || !Self.continuesNumber(b[i])) {
            return Double(negative ? -n : n)
        }
        i = start
        while i < b.count, Self.continuesNumber(b[i]) { i += 1 }
        if i > start, let d = Double(String(decoding: b[start..<i], as: UTF8.self)) { return d }
        i = start
        _ = skip()
        return nil
    }

    /// An integer (a number that is whole and in range), else nil.
    mutating func int() -> Int? {
        guard let d = double(), d.isFinite, abs(d) < 9e15, d == d.rounded() else { return nil }
        return Int(d)
    }

    /// true or false, else nil (the value is skipped).
    mutating func bool() -> Bool? {
        if word("true") { return true }
        if word("false") { return false }
        _ = skip()
        return nil
    }

    /// A string value, else nil (null or another kind, skipped).
    mutating func optionalString() -> String? {
        if let s = string() { return s }
        _ = skip()
        return nil
    }

    /// Steps over one value without building it; false when malformed.
    mutating func skip() -> Bool {
        space()
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1; i += 1
                    if depth == 0 { return true }
                case UInt8(ascii: "\""): if string() == nil { return false }
                default: i += 1
                }
            }
            return false
        default:
            let start = i
            while i < b.count, !(b[i] == 0x2C || b[i] == 0x7D || b[i] == 0x5D || b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09) { i += 1 }
            return i > start
        }
    }

    private static func continuesNumber(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D
    }

    private mutating func word(_ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        for k in 0..<n where b[i + k] != w.utf8Start[k] { return false }
        i += n
        return true
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= b.count, let v = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
        i += 4
        return v
    }
}
