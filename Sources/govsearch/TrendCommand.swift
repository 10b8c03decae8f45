import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct TrendCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Count matching reports per year, agency, region, section or level, against all reports.",
        discussion: """
        Per value of --by: count (matching reports), total (all reports with that value) and
        share = count/total, a fraction 0..1. Unknown values have no row.
        Example: govsearch trend 依申请公开 --by year --svg trend.svg
        Exit status: 0 something matched, 1 nothing matched, 2 error.
        """
    )

    @Argument(help: "The query (empty: every report).") var query: [String] = []
    @OptionGroup var location: IndexOptions
    @Option(help: "Group by year, agency, region, section, level or format.") var by: Facet = .year
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table
    @Option(help: "Keep the N values with most matches (agency, region).") var top: Int?
    @Option(help: "Also write an SVG bar chart to this file.") var svg: String?
    @Flag(help: "Start CSV output with a byte-order mark (for Excel).") var bom = false

    func run(_ out: Output) throws {
        let searcher = try Searcher(indexPath: location.path)
        var options = RequestOptions(["q": query.joined(separator: " "), "by": by.rawValue], spelling: .commandLine)
        options.values["top"] = top.map(String.init)
        let t = try searcher.trend(TrendRequest(options))
        try t.write(format: format, bom: bom, to: out)
        if let svg { try SVGChart.write(t, toFile: svg) }
        if t.matches == 0 { throw ExitCode(1) }
    }
}
