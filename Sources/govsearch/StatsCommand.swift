import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct StatsCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Aggregate statistics-table figures over matching reports, grouped by one or two of year, agency, region, level, format.",
        discussion: """
        Figures: \(FigureAccess.names.joined(separator: ", ")).
        A table that breaks its own totals (a failed consistency check) gives no figures;
        the report's other tables still do. Such reports are counted in failed (--show-failed
        lists them with the tables that break). Beside each figure, n (in CSV and JSON Lines the
        last columns, FIELD_coverage; in JSON "coverage") counts the group's reports that supplied
        it; --missing lists the others with the reason (in CSV and JSON Lines instead of the rows).
        --by agency,year gives a row per agency and year (any two keys), with the same columns.
        Example: govsearch stats --by year --fields new_applications,granted --format csv
        Exit status: 0 something matched, 1 nothing matched, 2 error.
        """
    )

    @Argument(help: "The query (empty: every report).") var query: [String] = []
    @OptionGroup var location: IndexOptions
    @Option(help: "Group by year, agency, region, level or format, or two of them (agency,year).") var by = "year"
    @Option(help: "Comma-separated figure names.") var fields = "new_applications,granted,withheld,reconsideration"
    @Option(help: "sum, mean, median or count.") var agg: Aggregation = .sum
    @Flag(help: "List the reports with a table that failed its checks, and which tables.") var showFailed = false
    @Flag(help: "List, per group and field, the reports without the figure and why.") var missing = false
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table
    @Flag(help: "Start CSV output with a byte-order mark (for Excel).") var bom = false

    func run(_ out: Output) throws {
        let request = try StatsRequest(RequestOptions(
            ["q": query.joined(separator: " "), "by": by, "fields": fields, "agg": agg.rawValue,
             "show_failed": showFailed ? "yes" : "no", "missing": missing ? "yes" : "no"], spelling: .commandLine))
        let searcher = try Searcher(indexPath: location.path)
        let st = try searcher.stats(request)
        try st.write(format: format, bom: bom, to: out)
        // The table lists failed reports itself; records have no place for them.
        if showFailed && (format == .csv || format == .jsonl) {
            for f in st.rows.flatMap(\.failedReports) { CLI.writeStderr("govsearch: tables failed their checks: \(f.path)\n") }
        }
        if st.matches == 0 { throw ExitCode(1) }
    }
}
