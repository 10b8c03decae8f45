import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the index holds: reports, sections, years, agencies, size, last update and skips."
    )

    @Option(help: "Index location (default: $GOVSEARCH_INDEX, else ./index).") var index: String?
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let status = try IndexStatus.read(indexPath: CLI.indexPath(index))
        print(json ? status.json() : status.text())
    }
}
