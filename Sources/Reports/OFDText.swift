import Foundation

/// Text of an .ofd file (GB/T 33190, a zip of XML): OFD.xml names the
/// document, its Document.xml lists the pages in order, and each page's
/// Content.xml holds TextObject/TextCode runs placed by coordinates.
enum OFDText {
    /// A run of text on a page, at its absolute position (mm).
    struct Run { var x: Double; var y: Double; var size: Double; var text: String }

    static func text(_ data: Data, path: String) throws -> String {
        var zip = try ZipReport(data, path: path, kind: ".ofd")
        func xml(_ name: String) throws -> [UInt8] { [UInt8](try zip.require(name)) }
        var docRoots: [String] = []
        try scan(xml("OFD.xml"), "OFD.xml", path) { element, _, text in if element == "DocRoot" { docRoots.append(text) } }
        guard !docRoots.isEmpty else { throw ReportError(path: path, kind: .badFormat, detail: ".ofd has no DocRoot in OFD.xml") }
        var pages: [String] = []
        for root in docRoots {
            let doc = clean(root)
            let dir = (doc as NSString).deletingLastPathComponent
            try scan(xml(doc), doc, path) { element, attributes, _ in
                if element == "Page", let loc = attributes["BaseLoc"] { pages.append(resolve(loc, in: dir)) }
            }
        }
        var out = ""
        for page in pages {
            out += lines(try runs(xml(page), page, path))
            out += "\u{0C}"  // a page break, as pdftotext writes it
        }
        return out
    }

    /// Calls `found(element, attributes, text)` for each element with its direct text.
    static func scan(_ xml: [UInt8], _ name: String, _ path: String, _ found: (String, [String: String], String) -> Void) throws {
        var stack: [(String, [String: String], String)] = []
        try XMLScan.scan(xml, entry: name, path: path) { event in
                switch event {
                case let .start(name, attributes, _): stack.append((name, attributes, ""))
                case let .text(t): if !stack.isEmpty { stack[stack.count - 1].2 += t }
                case .end:
                    if let (name, attributes, text) = stack.popLast() { found(name, attributes, text.trimmingCharacters(in: .whitespacesAndNewlines)) }
                }
        }
    }

    static func runs(_ xml: [UInt8], _ name: String, _ path: String) throws -> [Run] {
        var out: [Run] = []
        var origin = (x: 0.0, y: 0.0, size: 3.5)
        var code: (x: Double, y: Double)? = nil
        var text = ""
        try XMLScan.scan(xml, entry: name, path: path) { event in
                switch event {
                case let .start("TextObject", a, _):
                    let box = (a["Boundary"] ?? "").split(separator: " ").compactMap { Double($0) }
                    origin = (box.count > 1 ? box[0] : 0, box.count > 1 ? box[1] : 0, Double(a["Size"] ?? "") ?? 3.5)
                case let .start("TextCode", a, _):
                    code = (Double(a["X"] ?? "") ?? 0, Double(a["Y"] ?? "") ?? 0); text = ""
                case let .text(t): if code != nil { text += t }
                case .end("TextCode"):
                    if let c = code, !text.isEmpty {
                        out.append(Run(x: origin.x + c.x, y: origin.y + c.y, size: origin.size, text: text))
                    }
                    code = nil
                default: break
                }
        }
        return out
    }

    /// Runs on one baseline (within half a character) form a line, left to
    /// right; a gap wider than a character between runs becomes a tab, so
    /// table cells stay cells.
    static func lines(_ runs: [Run]) -> String {
        let sorted = runs.enumerated().sorted { ($0.element.y, $0.offset) < ($1.element.y, $1.offset) }.map(\.element)
        var out = ""
        var line: [Run] = []
        func flush() {
            guard !line.isEmpty else { return }
            line.sort { $0.x < $1.x }
            var end = line[0].x
            for (k, r) in line.enumerated() {
                if k > 0 { out += r.x - end > r.size ? "\t" : "" }
                out += r.text
                end = r.x + Double(r.text.unicodeScalars.count) * r.size * (r.text.unicodeScalars.allSatisfy { $0.value < 0x80 } ? 0.5 : 1)
            }
            out += "\n"
            line = []
        }
        for r in sorted {
            if let first = line.first, r.y - first.y > first.size / 2 { flush() }
            line.append(r)
        }
        flush()
        return out
    }

    static func clean(_ p: String) -> String { p.hasPrefix("/") ? String(p.dropFirst()) : p }

    static func resolve(_ loc: String, in dir: String) -> String {
        loc.hasPrefix("/") ? clean(loc) : (dir.isEmpty ? loc : dir + "/" + loc)
    }
}
