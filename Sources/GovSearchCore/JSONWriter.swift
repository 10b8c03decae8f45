import Foundation

/// A small streaming JSON writer: fixed key order, bytes appended to one
/// buffer (String appends cost a measurable share of batch time).
public final class JSONWriter {
    private var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    public init() { bytes.reserveCapacity(16_384) }

    public var output: String { String(decoding: bytes, as: UTF8.self) }
    public var utf8: [UInt8] { bytes }

    public func object(_ body: () -> Void) { openObject(); body(); closeObject() }

    public func array(_ body: () -> Void) { openArray(); body(); closeArray() }

    /// Open and close by hand, for output streamed over many `drain()` calls.
    public func openObject() { bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public func closeObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public func openArray() { bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public func closeArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Insignificant white space: the line breaks of the documented layouts.
    public func newline() { bytes.append(0x0A) }

    /// Hands over what is written so far and forgets it, keeping the nesting:
    /// streamed output flushes a prefix while the document is still open.
    public func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Members in the order of their keys (byte order), each written by its closure.
    public func members(sorted members: [(String, () -> Void)]) {
        for (k, write) in members.sorted(by: { $0.0 < $1.0 }) { key(k); write() }
    }

    public func key(_ k: String) {
        separator()
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Call before each array element.
    public func element() { separator() }

    private func separator() {
        if needsComma.last == true { bytes.append(UInt8(ascii: ",")) }
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    public func int(_ v: Int) {
        if v == 0 { bytes.append(UInt8(ascii: "0")); return }
        var n = v.magnitude
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 { d[count] = UInt8(48 + n % 10); n /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    func optionalInt(_ v: Int?) { if let v { int(v) } else { null() } }
    /// Four decimals, like "%.4f" (scores): by integer arithmetic for the usual
    /// range, as String(format:) cost 18k instructions a call.
    public func double(_ v: Double) {
        guard v.isFinite else { raw("null"); return }
        guard v >= 0 && v < 1e12 else { raw(String(format: "%.4f", v)); return }
        // Round the exact v × 10⁴ half to even, as printf does: p is the product
        // rounded to a double and e (by fused multiply-add) what that rounding lost.
        let p = v * 10_000
        let e = (-p).addingProduct(v, 10_000)
        var r = p.rounded(.toNearestOrEven)
        if p - r == 0.5 && e > 0 { r += 1 } else if p - r == -0.5 && e < 0 { r -= 1 }
        let n = Int(r)
        int(n / 10_000)
        bytes.append(UInt8(ascii: "."))
        let f = n % 10_000
        for d in [f / 1000, f / 100 % 10, f / 10 % 10, f % 10] { bytes.append(UInt8(48 + d)) }
    }
    /// A number in its shortest exact form: whole numbers without a point (`3`), others as Swift prints them (`160.5964`).
    func shortest(_ v: Double) {
        guard v.isFinite else { null(); return }
        if v == v.rounded(), abs(v) < 1e15 { int(Int(v)) } else { raw("\(v)") }
    }
    func optionalString(_ v: String?) { if let v { string(v) } else { null() } }
    public func bool(_ v: Bool) { raw(v ? "true" : "false") }
    public func null() { raw("null") }

    public func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            // Fast path: most strings need no escaping and are copied whole.
            if !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                bytes.append(contentsOf: u)
                return
            }
            for b in u {
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number or literal already in JSON notation.
    func raw(_ json: String) { bytes.append(contentsOf: json.utf8) }
}

/// A value with one JSON form, written through the one writer.
public protocol JSONWritable {
    func write(to w: JSONWriter)
}

extension JSONWritable {
    /// The JSON text alone (a document of its own).
    public func json() -> String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// The same as UTF-8 bytes, for writers that need no String (batch mode).
    public func jsonBytes() -> [UInt8] {
        let w = JSONWriter()
        write(to: w)
        return w.utf8
    }
}
