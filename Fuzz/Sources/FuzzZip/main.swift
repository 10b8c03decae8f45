import Foundation
import FuzzSupport
import Reports

/// The zip-based formats (.docx, .xlsx, .ofd) read from hostile archives:
/// text or a one-line ReportError, never a crash, hang or unbounded memory.
runFuzzer { data, size in
    let input = bytes(data, size)
    for ext in ["docx", "xlsx", "ofd"] {
        do {
            let report = try ReportReader.read(path: "/govsearch-fuzz/report.\(ext)", data: input, ocr: false)
            check(!report.text.isEmpty, "empty text accepted")
        } catch let e as ReportError {
            check([.badFormat, .empty].contains(e.kind), "unexpected error \(e)")
            check(!e.description.contains("\n"), "error is not one line: \(e.description.debugDescription)")
        } catch {
            check(false, "error of type \(type(of: error)): \(error)")
        }
    }
}
