import Foundation

/// A value of one column of research output. Unknown values are `.null`:
/// `null` in JSON, an empty cell in CSV (CONTRACT.md "Metadata values").
public enum FieldValue: Equatable, Sendable {
    case null
    case int(Int)
    /// A fraction or a mean; written plain (`0.25`, never `2.5e-1` or `25%`).
    case double(Double)
    /// A score: written with 4 decimals like the search JSON.
    case score(Double)
    case string(String)
    case strings([String])
    case bool(Bool)

    public init(_ v: Int?) { self = v.map(FieldValue.int) ?? .null }
    public init(_ v: String?) { self = v.map(FieldValue.string) ?? .null }

    /// Writes the value as JSON.
    public func write(to w: JSONWriter) {
        switch self {
        case .null: w.null()
        case let .int(v): w.int(v)
        case let .double(v): if v.isFinite { w.raw(FieldValue.plain(v)) } else { w.null() }
        case let .score(v): w.double(v)
        case let .string(s): w.string(s)
        case let .strings(l): w.array { for s in l { w.element(); w.string(s) } }
        case let .bool(b): w.bool(b)
        }
    }

    /// Plain decimal notation: integers without a point, others with up to 6 decimals, no exponent.
    public static func plain(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// One row of research output: named values in column order.
public struct Record: Sendable {
    public var fields: [(name: String, value: FieldValue)]
    public init(_ fields: [(name: String, value: FieldValue)] = []) { self.fields = fields }

    public mutating func append(_ name: String, _ value: FieldValue) { fields.append((name, value)) }

    public subscript(name: String) -> FieldValue? { fields.first { $0.name == name }?.value }
}

extension Record: JSONWritable {
    /// One JSON object, keys in column order.
    public func write(to w: JSONWriter) {
        w.object { for (k, v) in fields { w.key(k); v.write(to: w) } }
    }
}
