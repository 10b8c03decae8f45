import Foundation
import GovSearchCore
import Reports

/// `/api/reports/{id}`: the id, the report's other files (as in search hits;
/// `/api/reports/{id}/file?copy=N` serves `copies[N]`), the text when asked for,
/// then the `inspect --json` members.
struct ReportAnswer: JSONWritable {
    var id: String
    var copies: [StoredReport.StoredCopy]
    var report: Report
    var withText: Bool

    func write(to w: JSONWriter) {
        w.object {
            w.key("id"); w.string(id)
            w.copies(copies)
            if withText { w.key("text"); w.string(report.text) }
            InspectRecord(report).writeMembers(to: w)
        }
    }
}

/// `/health`.
struct HealthAnswer: JSONWritable {
    var documents: Int

    func write(to w: JSONWriter) {
        w.object { w.key("status"); w.string("ok"); w.key("documents"); w.int(documents) }
    }
}
