import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput
import Reports

struct ExportCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every matching report (or section, with its text) as JSON Lines or CSV.",
        discussion: """
        One record per report: id, path, title, year, agency, region, level, format, sections,
        every figure as a column, checks_failed. With --sections, one record per section with
        its text (only the sections named by section: filters in the query, if any). With
        --figures, one record per report for analysis (pandas, R): id, path, year, agency, region,
        level, format, broken_tables, every figure, then per figure FIGURE_coverage (1 when stats
        aggregates it, 0 when not) and FIGURE_missing (why not).
        Streams: memory does not grow with the number of reports.
        Example: govsearch export 依申请公开 --format csv > reports.csv; govsearch export --sections
        Exit status: 0 something exported, 1 nothing matched, 2 error.
        """
    )

    @Argument(help: "The query (none: every report).") var query: [String] = []
    @OptionGroup var location: IndexOptions
    @Option(help: "jsonl, csv, json or table.") var format: OutputFormat = .jsonl
    @Flag(help: "One record per section, with the section's text (re-reads the files).") var sections = false
    @Flag(help: "One record per report: every figure, its coverage flag and why it is missing.") var figures = false
    @Flag(help: "Export every report in the index (the same as giving no query).") var all = false
    @Flag(help: "Start CSV output with a byte-order mark (for Excel).") var bom = false

    func run(_ out: Output) throws {
        let request = try ExportRequest(RequestOptions(
            ["q": query.joined(separator: " "), "all": all ? "yes" : "no", "sections": sections ? "yes" : "no",
             "figures": figures ? "yes" : "no"], spelling: .commandLine))
        let searcher = try Searcher(indexPath: location.path)
        let summary = try ExportWriter.write(request, searcher: searcher, format: format, bom: bom, to: out) {
            CLI.writeStderr("govsearch: export: \($0)\n")
        }
        let unreadable = summary.unreadable, n = summary.matched
        if unreadable > 0 { throw GovSearchError.badArgument("\(unreadable) report file(s) could not be read again (run `govsearch index` to update)") }
        if n == 0 { throw ExitCode(1) }
    }
}
