import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct SearchCommand: ParsableCommand {
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
    @Option(help: "Index location (default: $GOVSEARCH_INDEX, else ./index).") var index: String?
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
    @Flag(help: "Every match, no limit, streamed in index order (no snippets unless --fields names snippet).") var all = false
    @Flag(help: "Start CSV output with a byte-order mark (for Excel).") var bom = false
    @Flag(help: "Search the shards that answer when some cannot be opened (each missing one is named).") var allowPartial = false

    func run() throws {
        let path = CLI.indexPath(index)
        let searcher = try Searcher(indexPath: path, allowPartial: allowPartial)
        for m in searcher.missingShards { CLI.writeStderr("govsearch: warning: partial answer: \(m)\n") }
        var options = RequestOptions(["limit": String(limit), "offset": String(offset), "sort": sort], spelling: .commandLine)
        options.values["facets"] = facets
        var request = try SearchRequest(options)
        request.snippets = !noSnippets
        request.facetLimit = facetLimit
        request.figures = fields != nil  // only --fields can show a table figure
        if batch {
            try runBatch(searcher, request)
            return
        }
        request.query = query.joined(separator: " ")
        if !count, let total = try SearchOutput.run(searcher, request, format: json ? .json : format, fields: fields, all: all, bom: bom) {
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
            print(result.total)
        } else if json {
            FileHandle.standardOutput.write(Data(result.jsonBytes() + [0x0A]))
        } else {
            HumanPrinter(color: CLI.stdoutIsTerminal, facetLimit: facetLimit ?? 10).print(result)
        }
        if result.total == 0 { throw ExitCode(1) }
    }

    /// One JSON line per query; a bad query gives {"query":…,"error":…} and the run goes on.
    private func runBatch(_ searcher: Searcher, _ template: SearchRequest) throws {
        var out = FileHandleOutput()
        while let line = readLine(strippingNewline: true) {
            let q = line.trimmingCharacters(in: .whitespaces)
            if q.isEmpty { continue }
            var request = template
            request.query = q
            do {
                out.write(bytes: try searcher.search(request).jsonBytes())
                out.write("\n")
            } catch {
                out.write(bytes: ErrorObject(query: q, message: "\(error)").jsonBytes())
                out.write("\n")
            }
        }
        out.flush()
    }
}

/// Buffered stdout for batch mode.
struct FileHandleOutput {
    var buffer: [UInt8] = []
    mutating func write(_ s: String) { write(bytes: Array(s.utf8)) }
    mutating func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flush() }
    }
    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
