import Foundation

/// Entry points for the libFuzzer targets in `Fuzz/` (see docs/fuzzing.md): the
/// readers below are internal, and a fuzzer fed through `ReportReader.read` would
/// spend most of its inputs on the zip layer before reaching the XML. Not API.
@_spi(Fuzzing) public enum ReportsFuzzing {
    /// Text decoding as a report of the given kind would have it (`preferGB`: an HTML page declaring a GB charset).
    public static func decode(_ data: Data, preferGB: Bool) -> (text: String, warnings: [String], encoding: String) {
        let r = TextDecoder.decodeDetailed(data, path: "fuzz", preferGB: preferGB)
        return (r.text, r.warnings, r.encoding.rawValue)
    }

    public static func htmlDeclaresGB(_ data: Data) -> Bool { Formats.htmlDeclaresGB(data) }

    public static func htmlText(_ html: String) -> String { Formats.htmlText(html) }

    /// Every XML consumer of the zip formats run over one part: the generic scanner,
    /// the .docx body reader, the OFD page and document readers and the xlsx sheet
    /// reader. Returns the texts they made; a DTD is the scanner's one error.
    public static func xmlTexts(_ xml: [UInt8]) throws -> [String] {
        var events = 0
        try XMLScan.scan(xml, entry: "fuzz.xml", path: "fuzz") { _ in events += 1 }
        var out = [Formats.wordXMLText(Data(xml))]
        out.append(OFDText.lines(try OFDText.runs(xml, "Content.xml", "fuzz")))
        try OFDText.scan(xml, "Document.xml", "fuzz") { element, attributes, text in
            if element == "Page", let loc = attributes["BaseLoc"] { out.append(OFDText.resolve(loc, in: "Doc_0") + text) }
        }
        out.append(try XLSXText.rows(xml, "sheet1.xml", ["a", "b"], "fuzz"))
        _ = XMLScan.declaresDTD(xml)
        return out
    }
}
