import ArgumentParser
import Foundation
import GovSearchCore

struct GovSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govsearch",
        abstract: "Full-text search over Chinese government information-disclosure annual reports.",
        subcommands: [SearchCommand.self, IndexCommand.self, InspectCommand.self, ServeCommand.self, TrendCommand.self, StatsCommand.self, ExportCommand.self, StatusCommand.self, CompactCommand.self],
        defaultSubcommand: SearchCommand.self
    )
}

/// Runs the command and maps every failure to one line on stderr and an exit
/// status: 0 matched, 1 nothing matched, 2 the user must act.
@main
enum Main {
    static func main() {
        do {
            var command = try GovSearch.parseAsRoot()
            try command.run()
        } catch let error as GovSearchError {
            CLI.fail(error)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = GovSearch.exitCode(for: error)
            if code == .success {
                print(GovSearch.fullMessage(for: error))
                exit(0)
            }
            CLI.printError(GovSearch.message(for: error))
            exit(2)
        }
    }
}
