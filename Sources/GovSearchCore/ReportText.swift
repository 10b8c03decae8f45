import Foundation
import Reports
import XapianKit

/// A hit's report read again (export, the service, snippets): from its file, or for a scanned
/// PDF from the OCR text the index keeps, so a query never runs OCR.
extension Searcher {
    public func report(_ stored: StoredReport) throws -> Report {
        if stored.ocr == true {
            var report = ReportReader.parse(text: try ocrText(stored), path: stored.path)
            report.ocr = true
            return report
        }
        return try ReportReader.read(path: stored.path, ocr: false)
    }

    /// The OCR text of a scanned PDF's report, as indexed.
    func ocrText(_ stored: StoredReport) throws -> String {
        let text = try db.documentID(uniqueTerm: IndexSchema.idPrefix + stored.id)
            .map { String(decoding: try db.value($0, slot: IndexSchema.ocrTextSlot), as: UTF8.self) } ?? ""
        if text.isEmpty {
            throw GovSearchError.index(path: indexPath, message: "the OCR text of \(stored.path) is missing: re-run govsearch index")
        }
        return text
    }
}
