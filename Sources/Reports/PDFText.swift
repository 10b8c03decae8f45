import Foundation

/// Text of a PDF: its text layer through pdftotext, or, for a scanned PDF
/// (almost no text), OCR of its pages: pdftoppm renders each page, tesseract
/// (chi_sim) reads it.
enum PDFText {
    /// Pages OCR reads at most, and seconds per page for tesseract (a 300 dpi page takes 10–25 s).
    static let ocrPages = 60
    static let ocrPageSeconds = 90.0

    static func text(path: String, ocr: Bool) throws -> (text: String, ocr: Bool) {
        let tool = try ExternalTool.require("pdftotext", package: "poppler-utils", for: "PDF", path: path)
        let layer = String(decoding: try ExternalTool.run(tool, ["-layout", "-enc", "UTF-8", path, "-"], path: path), as: UTF8.self)
        let pages = max(1, layer.unicodeScalars.reduce(0) { $0 + ($1 == "\u{0C}" ? 1 : 0) })
        let visible = layer.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
        // Under 20 characters a page: a scan, perhaps with a stamp or page numbers on it.
        guard visible < 20 * pages else { return (layer, false) }
        guard ocr else {
            throw ReportError(path: path, kind: .empty, detail: "no text layer (a scanned PDF?) and OCR is off (--no-ocr)")
        }
        return (try recognize(path: path, pages: pages), true)
    }

    static func recognize(path: String, pages: Int) throws -> String {
        let what = "a scanned PDF"
        let render = try ExternalTool.require("pdftoppm", package: "poppler-utils", for: what, path: path)
        let tesseract = try ExternalTool.require("tesseract", package: "tesseract-ocr tesseract-ocr-chi-sim", for: what, path: path)
        let langs = String(decoding: (try? ExternalTool.run(tesseract, ["--list-langs"], path: path)) ?? Data(), as: UTF8.self)
        guard langs.split(whereSeparator: \.isNewline).contains("chi_sim") else {
            throw ReportError(path: path, kind: .toolMissing, detail: "cannot read \(what): tesseract has no Chinese model (apt-get install tesseract-ocr-chi-sim)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("govsearch-ocr-\(getpid())-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var out = ""
        for page in 1...min(pages, ocrPages) {
            let image = "\(dir)/page"
            _ = try ExternalTool.run(render, ["-r", "300", "-gray", "-png", "-singlefile", "-f", "\(page)", "-l", "\(page)", path, image], path: path)
            let text = try ExternalTool.run(tesseract, [image + ".png", "-", "-l", "chi_sim"], path: path,
                                            seconds: ocrPageSeconds, maxOutput: 1 << 20,
                                            // one thread: the indexer already reads a file per core
                                            environment: ["OMP_THREAD_LIMIT": "1"])
            out += joinIdeographs(String(decoding: text, as: UTF8.self)) + "\u{0C}"
        }
        return out
    }

    /// Tesseract's chi_sim model puts a space between Chinese characters; the
    /// report's text has none (the title, agency and table labels must read as written).
    static func joinIdeographs(_ s: String) -> String {
        let v = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, c) in v.enumerated() {
            if c == " ", i > 0, i + 1 < v.count, isWide(v[i - 1]), isWide(v[i + 1]) { continue }
            out.append(c)
        }
        return String(out)
    }

    /// Ideographs and full-width punctuation.
    static func isWide(_ c: Unicode.Scalar) -> Bool {
        (0x2E80...0x9FFF).contains(c.value) || (0xF900...0xFAFF).contains(c.value) || (0xFF00...0xFFEF).contains(c.value)
    }
}
