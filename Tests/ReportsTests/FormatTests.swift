import XCTest
import Foundation
@testable import Reports
import TestSupport

/// Each new format's fixture (scripts/make-format-fixtures.py) reads as the
/// real report it was made from: the same text up to white space, the same
/// metadata and statistics figures.
final class FormatFixtureTests: XCTestCase {
    static func squeeze(_ s: String) -> [Unicode.Scalar] { s.unicodeScalars.filter { !$0.properties.isWhitespace } }

    func requireTool(_ name: String, _ package: String) throws {
        guard ExternalTool.find(name) != nil else { throw XCTSkip("\(name) (\(package)) is not installed") }
    }

    func checkSame(_ fixture: String, as source: String, figures: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try ReportReader.read(path: TestPaths.repo + "/FormatFixtures/" + fixture)
        let plain = try ReportReader.read(path: TestPaths.fixture(source))
        XCTAssertEqual(Self.squeeze(r.text), Self.squeeze(plain.text), "text of \(fixture)", file: file, line: line)
        XCTAssertEqual(r.metadata, plain.metadata, file: file, line: line)
        XCTAssertEqual(r.sections.map(\.key), plain.sections.map(\.key), file: file, line: line)
        XCTAssertFalse(r.ocr, file: file, line: line)
        if figures {
            XCTAssertNotNil(r.statistics?.requests?.new_applications, file: file, line: line)
            // A sheet row has no trailing empty cells, so a row of blanks is absent rather than all null: compare the figures present.
            XCTAssertEqual(Self.figures(r.statistics), Self.figures(plain.statistics), "figures of \(fixture)", file: file, line: line)
            XCTAssertEqual(r.checks, plain.checks, file: file, line: line)
        }
    }

    func testDoc() throws { try requireTool("antiword", "antiword"); try checkSame("106_doc_from_003.doc", as: "003") }
    func testWPS() throws { try requireTool("antiword", "antiword"); try checkSame("107_wps_from_002.wps", as: "002") }
    /// Pages listed out of zip order and lines drawn bottom-up: read in page and line order.
    func testOFD() throws { try checkSame("108_ofd_from_001.ofd", as: "001") }
    /// The statistics tables as sheet rows: the same figures as the text.
    func testXLSX() throws { try checkSame("109_xlsx_from_003.xlsx", as: "003", figures: true) }
    func testXLS() throws { try requireTool("python3", "python3-xlrd"); try checkSame("110_xls_from_003.xls", as: "003", figures: true) }
    func testET() throws { try requireTool("python3", "python3-xlrd"); try checkSame("111_et_from_003.et", as: "003", figures: true) }

    /// The image-only PDF of a real report: OCR finds its agency, year and ≥ 95 % of its characters.
    func testScannedPDFByOCR() throws {
        try requireTool("tesseract", "tesseract-ocr")
        let pdf = TestPaths.repo + "/OCRFixtures/201_scan_pdf_from_real_002.pdf"
        let start = Date()
        let r = try ReportReader.read(path: pdf)
        let source = try ReportReader.read(path: TestPaths.repo + "/OCRFixtures/201_source_real_002.txt")
        XCTAssertTrue(r.ocr)
        XCTAssertTrue(r.warnings.contains { $0.contains("OCR") })
        XCTAssertEqual(r.metadata.year, 2022)
        XCTAssertEqual(r.metadata.agency, "河北省人力资源和社会保障厅")
        XCTAssertEqual(r.metadata.agency, source.metadata.agency)
        let a = Self.squeeze(source.text), b = Self.squeeze(r.text)
        let accuracy = 1 - Double(Self.editDistance(a, b)) / Double(a.count)
        print(String(format: "OCR character accuracy %.2f %% (%d source characters, %.1f s)", accuracy * 100, a.count, Date().timeIntervalSince(start)))
        XCTAssertGreaterThanOrEqual(accuracy, 0.95)
        XCTAssertThrowsError(try ReportReader.read(path: pdf, ocr: false)) { e in
            XCTAssertEqual((e as? ReportError)?.kind, .empty)
            XCTAssertTrue("\(e)".contains("--no-ocr"), "\(e)")
        }
    }

    /// The non-null leaves of a JSON object, as "a.b.c" -> value.
    /// Every figure present in the tables, by path (`requests.granted.total`, `proactive.fees.amount`).
    static func figures(_ st: Statistics?) -> [String: Double] {
        var out: [String: Double] = [:]
        func row(_ r: ApplicantRow, _ key: String) {
            for (c, v) in zip(ApplicantRow.columns, r.values) { if let v { out[key + "." + c] = Double(v) } }
            for (k, item) in r.items ?? [:] { row(item, key + ".items." + k) }
        }
        for name in RequestStatistics.rowNames { if let r = st?.requests?[name] { row(r, "requests." + name) } }
        for (name, r) in [("reconsideration", st?.appeals?.reconsideration), ("litigation_direct", st?.appeals?.litigation_direct),
                          ("litigation_after_reconsideration", st?.appeals?.litigation_after_reconsideration)] {
            for (c, v) in zip(["upheld", "corrected", "other", "pending", "total"], r?.values ?? []) { if let v { out["appeals.\(name).\(c)"] = Double(v) } }
        }
        for (item, columns) in st?.proactive ?? [:] { for (c, v) in columns { out["proactive.\(item).\(c)"] = v } }
        XCTAssertFalse(out.isEmpty)
        return out
    }

    /// Levenshtein distance (insertions, deletions, substitutions), two rows.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            cur[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return a.isEmpty ? b.count : prev[b.count]
    }
}

/// Hostile files: each is refused with one line naming the file and the cause, quickly and in bounded memory.
final class HostileFileTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "govsearch-hostile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// Writes a zip with python's zipfile (entries: name -> repeat of a chunk); returns its path.
    /// `copies`: each entry is written that many times, named "name.N".
    func zip(_ name: String, _ entries: [(String, String, Int)], copies: Int = 1, lieAboutSize: Bool = false) throws -> String {
        let path = dir + "/" + name
        var script = "import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
        for (entry, chunk, times) in entries {
            let entryName = copies == 1 ? pyString(entry) : pyString(entry + ".") + " + str(n)"
            script += "for n in range(\(copies)):\n with z.open(\(entryName), 'w', force_zip64=False) as f:\n    c = \(pyString(chunk)).encode()\n    for _ in range(\(times)): f.write(c)\n"
        }
        script += "z.close()\n"
        if lieAboutSize {  // central directory and local header say 1000 bytes: only counting while inflating catches it
            script += [
                "import struct",
                "d = bytearray(open(sys.argv[1], 'rb').read())",
                "i = d.find(b'PK\\x01\\x02'); d[i+24:i+28] = struct.pack('<I', 1000)",
                "d[22:26] = struct.pack('<I', 1000)",
                "open(sys.argv[1], 'wb').write(d)",
            ].joined(separator: "\n") + "\n"
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        return path
    }
    func pyString(_ s: String) -> String { "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }

    func assertRefused(_ path: String, _ kind: ReportError.Kind, _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ReportReader.read(path: path), file: file, line: line) { e in
            guard let e = e as? ReportError else { return XCTFail("\(e)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix(ReportError.printable(e.path) + ": "), file: file, line: line)
            XCTAssertTrue(e.description.contains(words), e.description, file: file, line: line)
            XCTAssertFalse(e.description.contains("\n"), file: file, line: line)
        }
    }

    func testZipBombsStopAtTheLimit() throws {
        let para = "<w:p><w:r><w:t>政府信息公开</w:t></w:r></w:p>"
        let xml = (name: "word/document.xml", chunk: para, times: (ZipReport.maxEntryBytes / para.utf8.count) + 1000)
        let honest = try zip("bomb.docx", [(xml.name, xml.chunk, xml.times)])
        assertRefused(honest, .badFormat, "inflates past the 32 MiB limit")
        let lying = try zip("lying.docx", [(xml.name, xml.chunk, xml.times)], lieAboutSize: true)
        assertRefused(lying, .badFormat, "inflates past the 32 MiB limit")
        let many = try zip("many.xlsx", [("x/a.xml", "<a/>", 1)], copies: ZipReport.maxEntries + 1)
        assertRefused(many, .badFormat, "over 10000 zip entries")
    }

    func testEntityDeclarationsAreRefused() throws {
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
        let docx = try zip("laughs.docx", [("word/document.xml", laughs + "<w:document><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>", 1)])
        assertRefused(docx, .badFormat, "declares a DTD")
        let ofd = try zip("laughs.ofd", [("OFD.xml", laughs + "<ofd:OFD><ofd:DocBody><ofd:DocRoot>&lol2;</ofd:DocRoot></ofd:DocBody></ofd:OFD>", 1)])
        assertRefused(ofd, .badFormat, "OFD.xml declares a DTD")
    }

    func testTruncatedAndRandomFiles() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: TestPaths.repo + "/Fixtures/103_docx_from_003.docx"))
        let truncated = dir + "/truncated.docx"
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: truncated))
        assertRefused(truncated, .badFormat, "not a valid .docx (zip) file")
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &random) })
        for name in ["noise.doc", "noise.xls", "noise.ofd", "noise.xlsx"] {
            try noise.write(to: URL(fileURLWithPath: dir + "/" + name))
            assertRefused(dir + "/" + name, .badFormat, "not a")
        }
        if ExternalTool.find("pdftotext") != nil {
            try noise.write(to: URL(fileURLWithPath: dir + "/noise.pdf"))
            assertRefused(dir + "/noise.pdf", .badFormat, "pdftotext failed")
        }
    }

    func testConvertersAreStoppedAtTheLimits() throws {
        let start = Date()
        XCTAssertThrowsError(try ExternalTool.run("/bin/sleep", ["20"], path: "/r.pdf", seconds: 0.5)) { e in
            XCTAssertEqual("\(e)", "/r.pdf: sleep ran over the 0 s time limit and was stopped")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertThrowsError(try ExternalTool.run("/usr/bin/yes", [], path: "/r.doc", maxOutput: 1 << 20)) { e in
            XCTAssertEqual("\(e)", "/r.doc: yes printed over the 1 MiB output limit and was stopped")
        }
    }

    func testPrintablePaths() {
        XCTAssertEqual(ReportError.printable("/a/b\nc\u{202E}fdp.txt"), "/a/b\\nc\\u{202E}fdp.txt")
        XCTAssertEqual(ReportError.printable("/报告/x.doc"), "/报告/x.doc")
    }
}
