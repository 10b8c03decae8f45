import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput
import Reports

struct InspectCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what govsearch reads from report files: metadata, sections, statistics tables and checks."
    )

    @Flag(name: .long, help: "One JSON object per file per line.")
    var json = false

    @Flag(help: "Do not read scanned PDFs by OCR.")
    var noOcr = false

    @Argument(help: "Report files (.txt .md .html .docx .pdf .doc .wps .ofd .xlsx .xls .et).")
    var files: [String]

    @OptionGroup var location: IndexOptions

    func run(_ out: Output) throws {
        var failed = false
        // When an index holds the file, say which report it is and what its copies read otherwise.
        let searcher = try? Searcher(indexPath: location.path)
        for f in files {
            let r: Report
            do { r = try ReportReader.read(path: f, ocr: !noOcr) } catch {
                failed = true
                let msg = (error as? ReportError)?.description ?? "\(ReportError.printable(f)): \(error)"
                CLI.writeStderr("govsearch inspect: " + msg + "\n")
                continue
            }
            let indexed = try FileWalker.realPath(f).flatMap { try searcher?.storedReport(file: ReportID.file($0)) }
            try InspectOutput.write(r, json: json, indexed: indexed, to: out)
        }
        if failed { throw ExitCode(2) }
    }
}
