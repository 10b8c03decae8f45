import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct SearchCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index (the default command).",
        discussion: """
        Words are ANDed; OR, NOT/-word, parentheses and "quoted phrases" work; fields:
        year:2020 year:2018..2021 year:>=2020 agency: region: section: level: format:.
        Exit status: 0 something matched, 1 nothing matched, 2 error.
        """
    )

    @Argument(help: "The query, e.g. '依申请公开 year:2020'.") var query: [String] = []
    @OptionGroup var location: IndexOptions
    @Option(help: "Hits to show.") var limit = 10
    @Option(help: "Hits to skip.") var offset = 0
    @Option(help: "relevance, year, -year, agency, or a figure such as -new_applications.") var sort = "relevance"
    @Option(help: "Facets to count: year,agency,region,section,level,format.") var facets: String?
    @Option(help: "Values per facet (but year): 10 in the human view, all in JSON unless given.") var facetLimit: Int?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Print only the exact number of matching reports.") var count = false
    @Flag(help: "Read one query per line from stdin; write one JSON object per line.") var batch = false
    @Flag(help: "Leave snippets out (faster: the report files are not re-read).") var noSnippets = false
    @Option(help: "table, json, jsonl or csv (--json is --format json).") var format: OutputFormat?
    @Option(help: "Columns: path,year,agency,region,sections,score,snippet,id,title,level,format or a figure name.") var fields: String?
    @Flag(help: "Every match, no limit, in --sort order like the pages (no snippets unless --fields names snippet).") var all = false
    @Flag(help: "Start CSV output with a byte-order mark (for Excel).") var bom = false
    @Flag(help: "Search the shards that answer when some cannot be opened (each missing one is named).") var allowPartial = false

    func run(_ out: Output) throws {
        let path = location.path
        let searcher = try Searcher(indexPath: path, allowPartial: allowPartial)
        for m in searcher.missingShards { CLI.writeStderr("govsearch: warning: partial answer: \(m)\n") }
        var options = RequestOptions(["limit": String(limit), "offset": String(offset), "sort": sort], spelling: .commandLine)
        options.values["facets"] = facets
        var request = try SearchRequest(options)
        request.snippets = !noSnippets
        request.facetLimit = facetLimit
        request.figures = fields != nil  // only --fields can show a table figure
        if batch {
            try runBatch(searcher, request, out)
            return
        }
        request.query = query.joined(separator: " ")
        if !count, let total = try SearchOutput.run(searcher, request, format: json ? .json : format, fields: fields, all: all, bom: bom, to: out) {
            if total == 0 { throw ExitCode(1) }
            return
        }
        if count {
            request.limit = 0
            request.facets = []
            request.snippets = false
        } else if !json {
            request.facets = facets == nil ? Facet.defaults : request.facets
        }
        let result = try searcher.search(request)
        if count {
            try out.line(String(result.total))
        } else if json {
            try out.json(result)
        } else {
            try HumanPrinter(color: CLI.stdoutIsTerminal, facetLimit: facetLimit ?? 10).write(result, to: out)
        }
        if result.total == 0 { throw ExitCode(1) }
    }

    /// One JSON line per query; a bad query gives {"query":…,"error":…} and the run goes on.
    private func runBatch(_ searcher: Searcher, _ template: SearchRequest, _ out: Output) throws {
        while let line = readLine(strippingNewline: true) {
            let q = line.trimmingCharacters(in: .whitespaces)
            if q.isEmpty { continue }
            var request = template
            request.query = q
            let answer: JSONWritable
            do { answer = try searcher.search(request) } catch { answer = ErrorObject(query: q, message: "\(error)") }
            try out.json(answer)
        }
    }
}
