import Foundation

/// A request's options by name, as strings: the command line's arguments or
/// the API's query string. The request types parse and check them; a bad
/// value throws `GovSearchError.badArgument` naming the option as the caller spells it.
public struct RequestOptions: Sendable {
    /// How option names are written in messages: `--limit` or `limit`.
    public enum Spelling: Sendable { case commandLine, queryString }

    public var values: [String: String]
    public var spelling: Spelling
    /// Upper bounds the server imposes (nil: none, as on the command line).
    public var maxQueryLength: Int?
    public var maxLimit: Int?
    public var maxOffset: Int?
    public var maxTop: Int?

    public init(_ values: [String: String], spelling: Spelling) {
        self.values = values
        self.spelling = spelling
    }

    /// The option's name as the user typed it.
    func spelled(_ name: String) -> String { spelling == .commandLine ? "--" + name : name }

    /// The value, nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    /// The query (`q`), empty when absent, checked against `maxQueryLength`.
    func query() throws -> String {
        let q = values["q"] ?? ""
        if let maxQueryLength, q.unicodeScalars.count > maxQueryLength {
            throw GovSearchError.badArgument("query too long: \(q.unicodeScalars.count) characters (at most \(maxQueryLength))")
        }
        return q
    }

    /// A whole number from 0 to `max` when a bound is given; any integer otherwise.
    func int(_ name: String, default def: Int, max: Int?) throws -> Int {
        guard let raw = string(name) else { return def }
        guard let max else {
            guard let v = Int(raw) else { throw GovSearchError.badArgument("\(spelled(name)) must be a whole number, not '\(raw)'") }
            return v
        }
        guard let v = Int(raw), v >= 0 else {
            throw GovSearchError.badArgument("\(spelled(name)) must be a whole number from 0 to \(max), not '\(raw)'")
        }
        guard v <= max else { throw GovSearchError.badArgument("\(spelled(name)) \(v) is over the limit of \(max)") }
        return v
    }

    /// A grouping key (`--by`).
    func facet(_ name: String, default def: Facet) throws -> Facet {
        guard let raw = string(name) else { return def }
        guard let f = Facet(rawValue: raw) else {
            throw GovSearchError.badArgument("unknown value '\(raw)' for \(spelled(name)) (use \(Facet.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return f
    }

    /// Grouping keys, comma-separated (`--by agency,year`).
    func facets(_ name: String, default def: [Facet]) throws -> [Facet] {
        guard let raw = string(name) else { return def }
        let parts = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try parts.map { part in
            guard let f = Facet(rawValue: part) else {
                throw GovSearchError.badArgument("unknown value '\(part)' for \(spelled(name)) (use \(Facet.allCases.map(\.rawValue).joined(separator: ", ")), or two of them: agency,year)")
            }
            return f
        }
    }

    /// A yes/no switch: `1`, `true` or `yes` mean yes.
    func flag(_ name: String) -> Bool { ["1", "true", "yes"].contains(values[name] ?? "") }

    /// A comma-separated list, blanks dropped.
    func list(_ name: String) -> [String]? {
        values[name].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}
