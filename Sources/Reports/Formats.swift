import Foundation

/// Text extraction for HTML and .docx (the other formats have a file each).
enum Formats {
    // MARK: HTML

    static func htmlDeclaresGB(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("charset=gb") || head.contains("charset=\"gb") || head.contains("charset='gb")
    }

    static let dropElements: Set<String> = ["script", "style", "nav", "head", "noscript", "template", "svg", "iframe", "select", "button"]
    static let blockElements: Set<String> = ["p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "header", "footer", "ul", "ol", "blockquote", "pre", "hr", "title", "dd", "dt", "dl", "form", "center"]

    /// Visible text of an HTML page: one block per line, table cells separated by tabs.
    static func htmlText(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        let n = s.count
        var out = String.UnicodeScalarView()
        var i = 0
        var skipUntil: String? = nil
        var pendingSpace = false
        var preDepth = 0
        func newline() {
            pendingSpace = false
            // collapse trailing spaces
            while let l = out.last, l == " " || l == "\t" { out.removeLast() }
            if let l = out.last, l != "\n" { out.append("\n") }
        }
        while i < n {
            let c = s[i]
            if c == "<" {
                // comment (incl. Word's <!--[if …]--> … <![endif]-->)
                if i + 3 < n && s[i + 1] == "!" && s[i + 2] == "-" && s[i + 3] == "-" {
                    var k = i + 4
                    while k + 2 < n && !(s[k] == "-" && s[k + 1] == "-" && s[k + 2] == ">") { k += 1 }
                    i = min(n, k + 3); continue
                }
                if i + 1 < n && s[i + 1] == "!" {  // <!DOCTYPE>, <![if …]>, <![endif]>
                    var k = i + 2
                    while k < n && s[k] != ">" { k += 1 }
                    i = min(n, k + 1); continue
                }
                // tag
                var k = i + 1
                var closing = false
                if k < n && s[k] == "/" { closing = true; k += 1 }
                var name = String.UnicodeScalarView()
                while k < n && (s[k].properties.isAlphabetic || (s[k].value >= 0x30 && s[k].value <= 0x39) || s[k] == ":") { name.append(s[k]); k += 1 }
                if name.isEmpty { // a literal '<'
                    if skipUntil == nil { out.append(c) }
                    i += 1; continue
                }
                // skip to end of tag, honouring quotes
                var quote: Unicode.Scalar? = nil
                while k < n {
                    let d = s[k]
                    if let q = quote { if d == q { quote = nil } } else if d == "\"" || d == "'" { quote = d } else if d == ">" { break }
                    k += 1
                }
                let tag = String(name).lowercased()
                i = min(n, k + 1)
                if let sk = skipUntil {
                    if closing && tag == sk { skipUntil = nil }
                    continue
                }
                if !closing && dropElements.contains(tag) {
                    let selfClosing = k > 0 && k - 1 < n && s[k - 1] == "/"
                    if !selfClosing { skipUntil = tag }
                    continue
                }
                if tag == "pre" { preDepth += closing ? -1 : 1 }
                if tag == "td" || tag == "th" {
                    if !closing {
                        if let l = out.last, l != "\n" && l != "\t" { out.append("\t") } else if out.last == "\t" { out.append("\u{A0}"); out.append("\t") }
                        pendingSpace = false
                    }
                    continue
                }
                if blockElements.contains(tag) { newline() }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if c == "&" {
                var k = i + 1
                var ent = String.UnicodeScalarView()
                while k < n && k < i + 12 && s[k] != ";" && s[k] != "&" && s[k] != "<" && !isSpaceOrNewline(s[k].value) { ent.append(s[k]); k += 1 }
                if k < n && s[k] == ";", let r = entity(String(ent)) {
                    if pendingSpace { out.append(" "); pendingSpace = false }
                    out.append(r); i = k + 1; continue
                }
                out.append(c); i += 1; continue
            }
            if preDepth == 0 && (c == " " || c == "\t" || c == "\n" || c == "\r") {
                if let l = out.last, l != "\n" && l != "\t" { pendingSpace = true }
                i += 1; continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(c)
            i += 1
        }
        newline()
        // drop empty lines
        let text = String(out)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " ")) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n") + "\n"
    }

    static func entity(_ e: String) -> Unicode.Scalar? {
        switch e {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        case "ensp": return "\u{2002}"
        case "emsp": return "\u{3000}"
        case "ldquo": return "\u{201C}"
        case "rdquo": return "\u{201D}"
        case "lsquo": return "\u{2018}"
        case "rsquo": return "\u{2019}"
        case "middot": return "\u{B7}"
        case "mdash": return "\u{2014}"
        case "hellip": return "\u{2026}"
        default:
            if e.hasPrefix("#x") || e.hasPrefix("#X"), let v = UInt32(e.dropFirst(2), radix: 16) { return Unicode.Scalar(v) }
            if e.hasPrefix("#"), let v = UInt32(e.dropFirst()) { return Unicode.Scalar(v) }
            return nil
        }
    }

    // MARK: docx

    static func docxText(_ data: Data, path: String) throws -> String {
        var zip = try ZipReport(data, path: path, kind: ".docx")
        let xml = try zip.require("word/document.xml")
        // The scanner below expands no entities, but a DTD has no place in OOXML: refuse it, as OFD and xlsx do.
        if XMLScan.declaresDTD([UInt8](xml.prefix(4096))) { throw XMLScan.refused("word/document.xml", path) }
        return wordXMLText(xml)
    }

    /// Paragraphs one per line; table rows one per line with cells separated by tabs.
    static func wordXMLText(_ xml: Data) -> String {
        let b = [UInt8](xml)
        let n = b.count
        var out = [UInt8]()
        out.reserveCapacity(n / 4)
        var i = 0
        var inText = false
        var cellDepth = 0
        var cellHasPara = false
        var cellStart = 0
        func tagName(_ from: Int) -> (String, Bool, Int) {
            var k = from + 1
            var closing = false
            if k < n && b[k] == UInt8(ascii: "/") { closing = true; k += 1 }
            let st = k
            while k < n && b[k] != UInt8(ascii: " ") && b[k] != UInt8(ascii: ">") && b[k] != UInt8(ascii: "/") && b[k] != 0x0A && b[k] != 0x0D && b[k] != 0x09 { k += 1 }
            let name = String(decoding: b[st..<k], as: UTF8.self)
            while k < n && b[k] != UInt8(ascii: ">") { k += 1 }
            return (name, closing, k + 1)
        }
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "<") {
                let (name, closing, next) = tagName(i)
                switch name {
                case "w:t": inText = !closing && b[next - 2] != UInt8(ascii: "/")
                case "w:tab": out.append(0x09)
                case "w:br", "w:cr": out.append(cellDepth > 0 ? 0x20 : 0x0A)
                case "w:p":
                    if closing {
                        if cellDepth > 0 { cellHasPara = true } else { out.append(0x0A) }
                    } else if cellDepth > 0 && cellHasPara {
                        out.append(0x20)
                    }
                case "w:tc":
                    if closing {
                        cellDepth -= 1
                        if out.count == cellStart { out.append(contentsOf: [0xC2, 0xA0]) }  // empty cell stays a cell
                    } else { cellDepth += 1; cellHasPara = false; out.append(0x09); cellStart = out.count }
                case "w:tr":
                    if closing { out.append(0x0A) }
                default: break
                }
                i = next
                continue
            }
            if inText {
                if c == UInt8(ascii: "&") {
                    var k = i + 1
                    while k < n && k < i + 10 && b[k] != UInt8(ascii: ";") { k += 1 }
                    let ent = String(decoding: b[(i + 1)..<min(k, n)], as: UTF8.self)
                    if let sc = entity(ent) { out.append(contentsOf: Array(String(sc).utf8)); i = k + 1; continue }
                }
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
