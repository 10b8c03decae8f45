/// A small XML scanner for the zip-based formats (OFD, xlsx): elements by
/// local name with their attributes, and entity-decoded text. It never reads a
/// DTD: a document declaring one (entity bombs such as "billion laughs") is
/// refused, since OOXML and OFD have no use for it.
enum XMLScan {
    enum Event {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    struct DTDError: Error {}

    static func scan(_ xml: [UInt8], _ handle: (Event) -> Void) throws(DTDError) {
        let n = xml.count
        var i = 0
        while i < n {
            if xml[i] != UInt8(ascii: "<") {
                var k = i
                while k < n && xml[k] != UInt8(ascii: "<") { k += 1 }
                handle(.text(decode(xml[i..<k])))
                i = k
                continue
            }
            guard i + 1 < n else { break }
            let c = xml[i + 1]
            if c == UInt8(ascii: "!") {
                if matches(xml, at: i, "<!DOCTYPE") { throw DTDError() }
                if matches(xml, at: i, "<![CDATA[") {
                    let end = find(xml, from: i + 9, "]]>") ?? n
                    handle(.text(String(decoding: xml[(i + 9)..<end], as: UTF8.self)))
                    i = min(n, end + 3)
                } else {  // comment
                    i = min(n, (find(xml, from: i + 4, "-->") ?? n) + 3)
                }
                continue
            }
            if c == UInt8(ascii: "?") { i = min(n, (find(xml, from: i + 2, "?>") ?? n) + 2); continue }
            // A tag: honour quotes when looking for its end.
            var k = i + 1
            var quote: UInt8 = 0
            while k < n {
                let d = xml[k]
                if quote != 0 { if d == quote { quote = 0 } } else if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") { quote = d } else if d == UInt8(ascii: ">") { break }
                k += 1
            }
            let body = xml[(i + 1)..<min(k, n)]
            i = min(n, k + 1)
            if body.first == UInt8(ascii: "/") {
                handle(.end(name: localName(body.dropFirst().prefix { !isSpace($0) })))
                continue
            }
            let selfClosing = body.last == UInt8(ascii: "/")
            let inner = selfClosing ? body.dropLast() : body
            let name = inner.prefix { !isSpace($0) }
            handle(.start(name: localName(name), attributes: attributes(inner[name.endIndex...]), selfClosing: selfClosing))
            if selfClosing { handle(.end(name: localName(name))) }
        }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func localName(_ b: ArraySlice<UInt8>) -> String {
        let s = b.lastIndex(of: UInt8(ascii: ":")).map { b[($0 + 1)...] } ?? b
        return String(decoding: s, as: UTF8.self)
    }

    static func attributes(_ b: ArraySlice<UInt8>) -> [String: String] {
        var out: [String: String] = [:]
        var i = b.startIndex
        while i < b.endIndex {
            while i < b.endIndex && isSpace(b[i]) { i += 1 }
            let nameStart = i
            while i < b.endIndex && b[i] != UInt8(ascii: "=") && !isSpace(b[i]) { i += 1 }
            let name = b[nameStart..<i]
            while i < b.endIndex && b[i] != UInt8(ascii: "\"") && b[i] != UInt8(ascii: "'") { i += 1 }
            guard i < b.endIndex, !name.isEmpty else { break }
            let q = b[i]
            let valueStart = i + 1
            var k = valueStart
            while k < b.endIndex && b[k] != q { k += 1 }
            out[localName(name)] = decode(b[valueStart..<k])
            i = min(b.endIndex, k + 1)
        }
        return out
    }

    /// Text with the predefined and numeric character references resolved; nothing else is expanded.
    static func decode(_ b: ArraySlice<UInt8>) -> String {
        guard b.contains(UInt8(ascii: "&")) else { return String(decoding: b, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        var i = b.startIndex
        while i < b.endIndex {
            if b[i] == UInt8(ascii: "&"), let semi = b[i..<min(b.endIndex, i + 12)].firstIndex(of: UInt8(ascii: ";")),
               let scalar = Formats.entity(String(decoding: b[(i + 1)..<semi], as: UTF8.self)) {
                out.append(contentsOf: Array(String(scalar).utf8))
                i = semi + 1
            } else {
                out.append(b[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func matches(_ b: [UInt8], at i: Int, _ s: StaticString) -> Bool {
        let p = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
        guard i + p.count <= b.count else { return false }
        for k in 0..<p.count where b[i + k] != p[k] { return false }
        return true
    }

    static func find(_ b: [UInt8], from: Int, _ s: StaticString) -> Int? {
        var i = from
        while i < b.count { if matches(b, at: i, s) { return i }; i += 1 }
        return nil
    }

    /// `scan` for a zip entry of a report: a DTD is a one-line error naming the file and the entry.
    static func scan(_ xml: [UInt8], entry: String, path: String, _ handle: (Event) -> Void) throws {
        do { try scan(xml, handle) } catch { throw refused(entry, path) }
    }

    static func refused(_ entry: String, _ path: String) -> ReportError {
        ReportError(path: path, kind: .badFormat, detail: "\(entry) declares a DTD (entity expansion refused)")
    }

    /// True when the prolog (before the root element) holds a DOCTYPE.
    static func declaresDTD(_ xml: [UInt8]) -> Bool {
        var i = 0
        while let lt = xml[i...].firstIndex(of: UInt8(ascii: "<")), lt + 1 < xml.count {
            let c = xml[lt + 1]
            if matches(xml, at: lt, "<!DOCTYPE") { return true }
            if c != UInt8(ascii: "?") && c != UInt8(ascii: "!") { return false }
            i = lt + 1
        }
        return false
    }
}
