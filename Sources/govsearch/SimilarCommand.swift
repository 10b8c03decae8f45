import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct SimilarCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "List the reports that repeat most of one report's sentences.",
        discussion: """
        TARGET is a report id (from --json hits), the path of any file of an indexed report, or
        a file outside the index. Each report listed gives the share of TARGET's sentences found
        in it (share) and of its own sentences found in TARGET (share of other), measured
        exactly on both texts; candidates are found by the sketches the index keeps.
        Example: govsearch similar reports/2022/东丽区.txt --min-share 0.5
        Exit status: 0 something similar found, 1 none, 2 error.
        """
    )

    @Argument(help: "A report id or a file path.") var target: String
    @OptionGroup var location: IndexOptions
    @Option(help: "Least share (0..1) of the target's sentences a listed report must hold.") var minShare = 0.3
    @Option(help: "List at most N reports.") var limit = 20
    @Flag(help: "Print one JSON object.") var json = false

    func run(_ out: Output) throws {
        let result = try Searcher(indexPath: location.path).similar(to: target, minShare: minShare, limit: limit)
        try result.write(json: json, to: out)
        if result.matches.isEmpty { throw ExitCode(1) }
    }
}
