/// Decodes a URL query string strictly: percent escapes must be well formed
/// and every value must be valid UTF-8 (Hummingbird's own decoding would
/// repair bad bytes silently; the API answers 400 instead).
enum QueryString {
    struct Invalid: Error { var message: String }

    /// Parameters in order; the first of a repeated name wins in `first`.
    static func parse(_ raw: String?) throws -> [String: String] {
        var out: [String: String] = [:]
        guard let raw, !raw.isEmpty else { return out }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(Substring(parts[0]))
            let value = parts.count > 1 ? try decode(Substring(parts[1])) : ""
            guard out[name] == nil else { continue }
            out[name] = value
        }
        return out
    }

    static func decode(_ s: Substring) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            switch b {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard it.count >= 2, let h = hex(it[it.startIndex]), let l = hex(it[it.startIndex + 1]) else {
                    throw Invalid(message: "malformed percent escape in the query string")
                }
                bytes.append(h << 4 | l)
                it = it.dropFirst(2)
            default: bytes.append(b)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else {
            throw Invalid(message: "query string is not valid UTF-8")
        }
        return text
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}
