import Foundation
import GovSearchCore
import Reports

/// `govsearch export` and `/api/export`: every match of a request written as
/// records, streamed (memory does not grow with the number of reports). One
/// writer, so the command line and the API give the same bytes.
public enum ExportWriter {
    public struct Summary: Sendable {
        /// Reports that matched.
        public var matched = 0
        /// Reports whose file could not be read again for `sections` (left out, each reported to `warn`).
        public var unreadable = 0
    }

    /// Checks the request's query before anything is written (a bad query throws here, not halfway).
    public static func validate(_ request: ExportRequest, searcher: Searcher) throws {
        _ = try searcher.sectionFilters(request.query)
    }

    /// Writes every match of `request` to `out` in `format` and flushes it.
    public static func write(_ request: ExportRequest, searcher: Searcher, format: OutputFormat, bom: Bool = false,
                             to out: Output, warn: (String) -> Void) throws -> Summary {
        let printer = RecordPrinter(format: format, columns: request.columns, out: out, bom: bom)
        printer.numeric = Set(["year", "line"] + FigureAccess.names + FigureAccess.names.map(Stats.coverageColumn))
        let only = request.sections ? try searcher.sectionFilters(request.query) : []
        var summary = Summary()
        try searcher.forEachMatch(request.query) { m in
            summary.matched += 1
            if request.sections {
                let report: Report
                do { report = try searcher.report(m.stored) } catch {
                    summary.unreadable += 1
                    warn("cannot read \(m.stored.path): \(error)")
                    return
                }
                for r in ExportRecords.sections(m.stored, report: report, only: only) { try printer.write(r) }
            } else {
                try printer.write(request.figures ? ExportRecords.figures(m.stored) : ExportRecords.report(m.stored))
            }
        }
        try printer.finish()
        return summary
    }
}
