import Foundation
import Reports

/// Which of a report's figures a sum may take, and why the others may not: a figure counts when
/// the report's tables give it, unless the table it comes from breaks its own totals. `stats`
/// aggregates by it and `export --figures` writes it per report, so the two always agree.
struct FigureCoverage {
    let report: StoredReport
    /// The tables that break their totals (`appeals`, `requests`; all three in an older index).
    let brokenTables: [String]

    init(_ report: StoredReport) {
        self.report = report
        brokenTables = report.checksFailed == true ? (report.brokenTables ?? FigureCoverage.allTables) : []
    }

    /// Every table: what an index written before tables were told apart leaves out of a failed report.
    static let allTables = ["appeals", "proactive", "requests"]

    /// The figure when a sum may take it.
    func covered(_ name: String) -> Int? {
        guard let v = report.figures?[name], !brokenTables.contains(FigureAccess.table(of: name)) else { return nil }
        return v
    }

    /// Why the report gives no figure `name` to aggregate.
    func whyMissing(_ name: String) -> String {
        let table = FigureAccess.table(of: name)
        if brokenTables.contains(table) {
            if report.brokenTables == nil { return "excluded: the report's tables break their totals (indexed by an older version; index --rebuild tells which table)" }
            return "excluded: the \(table) table breaks its totals"
        }
        if let why = report.nulls?[name] { return why }
        guard let figures = report.figures else { return "no statistics table found" }
        if !figures.keys.contains(where: { FigureAccess.table(of: $0) == table }) { return "no \(table) table found" }
        return "not given: no such row, or a blank cell"
    }
}
