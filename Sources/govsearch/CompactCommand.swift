import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct CompactCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact the index in place (no indexer may run meanwhile; searches keep working).",
        discussion: "Writes a compacted copy next to the index, checks it, swaps it in atomically and removes the old copy."
    )

    @OptionGroup var location: IndexOptions
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false

    func run(_ out: Output) throws {
        let r = try IndexMaintenance.compact(indexPath: location.path)
        if !quiet {
            try out.line(String(format: "compacted %d reports: %.1f MB -> %.1f MB in %.2fs",
                         r.reports, Double(r.before) / 1e6, Double(r.after) / 1e6, r.seconds))
        }
    }
}
