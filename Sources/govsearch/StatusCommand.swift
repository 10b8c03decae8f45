import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct StatusCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the index holds: reports, sections, years, agencies, size, last update and skips."
    )

    @OptionGroup var location: IndexOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run(_ out: Output) throws {
        try IndexStatus.read(indexPath: location.path).write(json: json, to: out)
    }
}
