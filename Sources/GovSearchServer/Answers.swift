import Foundation
import GovSearchCore
import Reports

/// `/api/reports/{id}`: the id, the text when asked for, then the `inspect --json` members.
struct ReportAnswer: JSONWritable {
    var id: String
    var report: Report
    var withText: Bool

    func write(to w: JSONWriter) {
        w.object {
            w.key("id"); w.string(id)
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
