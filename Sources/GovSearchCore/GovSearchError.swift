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

    /// The exit status the command line uses.
    public var exitCode: Int32 { 2 }

    static func wrap(_ error: Error, index path: String) -> Error {
        guard let x = error as? XapianError else { return error }
        switch x.kind {
        case .locked: return GovSearchError.locked(path: path)
        case .opening: return GovSearchError.noIndex(path: path)
        case .unimplemented:
            return GovSearchError.index(path: path, message: "a shard cannot answer this: " + x.message)
        case .network: return GovSearchError.index(path: path, message: "a remote shard stopped answering: " + x.message)
        default: return GovSearchError.index(path: path, message: x.message)
        }
    }
}
