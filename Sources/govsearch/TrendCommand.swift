import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct TrendCommand: ParsableCommand {
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
    @Option(help: "Index location (default: $GOVSEARCH_INDEX, else ./index).") var index: String?
    @Option(help: "Group by year, agency, region, section, level or format.") var by: Facet = .year
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table
    @Option(help: "Keep the N values with most matches (agency, region).") var top: Int?
    @Option(help: "Also write an SVG bar chart to this file.") var svg: String?
    @Flag(help: "Start CSV output with a byte-order mark (for Excel).") var bom = false

    func run() throws {
        let searcher = try Searcher(indexPath: CLI.indexPath(index))
        var options = RequestOptions(["q": query.joined(separator: " "), "by": by.rawValue], spelling: .commandLine)
        options.values["top"] = top.map(String.init)
        let t = try searcher.trend(TrendRequest(options))
        let out = Stdout()
        switch format {
        case .table: out.write(t.table())
        case .json: out.write(t.json() + "\n")
        case .csv, .jsonl:
            let p = RecordPrinter(format: format, columns: [by.rawValue, "count", "total", "share"], out: out, bom: bom)
            for r in t.records { p.write(r) }
            p.finish()
        }
        out.flush()
        if let svg {
            do { try SVGChart.trend(t).write(toFile: svg, atomically: true, encoding: .utf8) } catch {
                throw GovSearchError.badArgument("cannot write \(svg): \(error.localizedDescription)")
            }
        }
        if t.matches == 0 { throw ExitCode(1) }
    }
}
