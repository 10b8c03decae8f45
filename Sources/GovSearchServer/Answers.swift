import Foundation
import GovSearchCore
import Reports

/// `/api/reports/{id}`: the id, the report's other files (as in search hits;
/// `/api/reports/{id}/file?copy=N` serves `copies[N]`), the text when asked for,
/// the query's matches in it when a query is given, then the `inspect --json` members.
struct ReportAnswer: JSONWritable {
    var id: String
    var copies: [StoredReport.StoredCopy]
    var report: Report
    var withText: Bool
    /// With `q`: the query's matches in `text`, half-open offsets in Unicode scalars (`TextMarks`).
    var highlights: [[Int]]? = nil

    func write(to w: JSONWriter) {
        w.object {
            w.key("id"); w.string(id)
            w.copies(copies)
            if withText { w.key("text"); w.string(report.text) }
            if let highlights {
                w.key("highlights")
                w.array {
                    for h in highlights {
                        w.element()
                        w.array { for v in h { w.element(); w.int(v) } }
                    }
                }
            }
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
