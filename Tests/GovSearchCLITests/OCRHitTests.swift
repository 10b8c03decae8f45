import Foundation
import TestSupport
import XCTest

/// A scanned PDF is read by OCR once, when it is indexed: its hits are marked, get a snippet, and
/// export and the reports API read the OCR text the index keeps (no converter runs at query time).
final class OCRHitTests: XCTestCase {
    func run(_ args: [String], env: [String: String] = [:]) throws -> Command.Output {
        try Command.run(Command.govsearch, args, env: env)
    }

    func testScannedPDFHitsAreMarkedAndNeedNoOCRAtQueryTime() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tesseract") else {
            throw XCTSkip("tesseract-ocr is not installed (make deps installs it)")
        }
        // OCRFixtures holds the scan and the text it was made from: one report, whose primary is the
        // text (a file read by OCR comes last).
        let both = try TempDir.make("ocr-both")
        XCTAssertEqual(try run(["index", TestPaths.repo + "/OCRFixtures", "--index", both, "--quiet"]).status, 0)
        let one = try XCTUnwrap(try JSON.object(try run(["依申请公开", "--index", both, "--json"]).stdout)["hits"] as? [[String: Any]])
        XCTAssertEqual(one.count, 1)
        XCTAssertTrue((one.first?["path"] as? String)?.hasSuffix("201_source_real_002.txt") ?? false)
        XCTAssertEqual((one.first?["copies"] as? [[String: Any]])?.first?["format"] as? String, "pdf")

        // The scan beside another report: its hits come from the OCR text the index keeps.
        let docs = try TempDir.make("ocr-docs")
        for f in [TestPaths.repo + "/OCRFixtures/201_scan_pdf_from_real_002.pdf", TestPaths.fixture("002")] {
            try FileManager.default.copyItem(atPath: f, toPath: docs + "/" + (f as NSString).lastPathComponent)
        }
        let index = try TempDir.make("ocr-hits")
        let r = try run(["index", docs, "--index", index, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // No tools on PATH: a query that ran pdftotext or tesseract would fail or lose the snippet.
        let noTools = ["PATH": "/nonexistent"]
        let s = try run(["依申请公开", "--index", index, "--json"], env: noTools)
        XCTAssertEqual(s.status, 0, s.stderr)
        let hits = try XCTUnwrap(try JSON.object(s.stdout)["hits"] as? [[String: Any]])
        XCTAssertEqual(hits.count, 2)
        for h in hits {
            let path = try XCTUnwrap(h["path"] as? String)
            XCTAssertEqual(h["ocr"] as? Bool, path.hasSuffix(".pdf"), path)
            let snippet = try XCTUnwrap(h["snippet"] as? String)
            let highlights = try XCTUnwrap(h["highlights"] as? [[Int]])
            XCTAssertFalse(highlights.isEmpty, path)
            let scalars = Array(snippet.unicodeScalars)
            for range in highlights {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[range[0]..<range[1]])
                // OCR may put a space inside the phrase (依 申请公开); the index and the highlight skip it
                XCTAssertEqual(String(v).replacingOccurrences(of: " ", with: ""), "依申请公开", path)
            }
        }
        let human = try run(["依申请公开", "--index", index], env: noTools)
        XCTAssertTrue(human.stdout.contains("201_scan_pdf_from_real_002.pdf  (text read by OCR)"), human.stdout)

        // Export of the scanned report's sections: the OCR text, as indexed.
        let e = try run(["export", "依申请公开", "--sections", "--format", "jsonl", "--index", index], env: noTools)
        XCTAssertEqual(e.status, 0, e.stderr)
        let records = try JSON.lines(e.stdout).filter { ($0["path"] as? String)?.hasSuffix(".pdf") == true }
        XCTAssertFalse(records.isEmpty)
        let text = records.compactMap { $0["text"] as? String }.joined()
        XCTAssertTrue(text.contains("依申请公开"))
        XCTAssertTrue(text.contains("河北省人力资源和社会保障厅"))

        // Re-indexing with nothing changed (and no tools) keeps the OCR text.
        let again = try run(["index", docs, "--index", index, "--quiet"], env: noTools)
        XCTAssertEqual(again.status, 0, again.stderr)
        let s2 = try run(["依申请公开", "--index", index, "--json"], env: noTools)
        XCTAssertEqual(try JSON.object(s2.stdout)["total"] as? Int, 2)
        let e2 = try run(["export", "依申请公开", "--sections", "--format", "jsonl", "--index", index], env: noTools)
        XCTAssertEqual(e2.stdout, e.stdout)
    }
}
