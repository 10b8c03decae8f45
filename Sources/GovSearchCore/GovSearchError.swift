import XapianKit

/// Every failure a user must act on, as one line.
public enum GovSearchError: Error, CustomStringConvertible, Equatable {
    case noIndex(path: String)
    case locked(path: String)
    case badQuery(query: String, message: String, position: Int?)
    case badArgument(String)
    case index(path: String, message: String)
    case notFound(String)

    public var description: String {
        switch self {
        case let .noIndex(path):
            return "no index at \(path) (run `govsearch index DIR --index \(path)` first)"
        case let .locked(path):
            return "index \(path) is being updated by another process"
        case let .badQuery(query, message, position):
            if let position { return "bad query \"\(query)\": \(message) at character \(position + 1)" }
            return "bad query \"\(query)\": \(message)"
        case let .badArgument(message):
            return message
        case let .index(path, message):
            return "index \(path): \(message)"
        case let .notFound(message):
            return message
        }
    }

    /// A caret line pointing at the error position, for terminals.
    public var caret: String? {
        guard case let .badQuery(query, _, position?) = self else { return nil }
        let prefix = "bad query \"".count
        var width = prefix
        for ch in query.prefix(position) { width += ch.isWide ? 2 : 1 }
        return String(repeating: " ", count: width) + "^"
    }

    /// The exit status the command line uses.
    public var exitCode: Int32 { 2 }

    static func wrap(_ error: Error, index path: String) -> Error {
        guard let x = error as? XapianError else { return error }
        switch x.kind {
        case .locked: return GovSearchError.locked(path: path)
        case .opening: return GovSearchError.noIndex(path: path)
        default: return GovSearchError.index(path: path, message: x.message)
        }
    }
}

extension Character {
    /// East Asian wide characters take two terminal columns.
    var isWide: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3) ||
            (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60) ||
            (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x20000 && v <= 0x3FFFD)
    }
}
