import GovSearchCore

extension Character {
    /// East Asian wide characters take two terminal columns.
    public var isWide: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3) ||
            (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60) ||
            (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x20000 && v <= 0x3FFFD)
    }
}

extension GovSearchError {
    /// A caret line pointing at the error position of a bad query, for terminals.
    public var caret: String? {
        guard case let .badQuery(query, _, position?) = self else { return nil }
        let prefix = "bad query \"".count
        var width = prefix
        for ch in query.prefix(position) { width += ch.isWide ? 2 : 1 }
        return String(repeating: " ", count: width) + "^"
    }
}
