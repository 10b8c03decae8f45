import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput

struct GovSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govsearch",
        abstract: "Full-text search over Chinese government information-disclosure annual reports.",
        subcommands: [SearchCommand.self, IndexCommand.self, InspectCommand.self, ServeCommand.self, TrendCommand.self, StatsCommand.self, ExportCommand.self, StatusCommand.self, SimilarCommand.self, CompactCommand.self],
        defaultSubcommand: SearchCommand.self
    )
}

/// Runs the command and maps every failure to one line on stderr and an exit
/// status: 0 matched, 1 nothing matched, 2 the user must act (a write error
/// on the output included). A closed pipe ends the run quietly, as it ends grep.
@main
enum Main {
    static func main() {
        // A closed pipe must come back from write(2) as EPIPE, for the output
        // layer to see, rather than kill the process in the middle of a write.
        signal(SIGPIPE, SIG_IGN)
        let out = Output(fileDescriptor: STDOUT_FILENO)
        var failure: Error?
        do {
            var command = try GovSearch.parseAsRoot()
            if let printing = command as? PrintingCommand { try printing.run(out) } else { try command.run() }
        } catch {
            failure = error
        }
        // --help and the like: ArgumentParser's text is output too.
        if let error = failure, !(error is GovSearchError || error is ExitCode || error is OutputError),
           GovSearch.exitCode(for: error) == .success {
            failure = nil
            do { try out.line(GovSearch.fullMessage(for: error)) } catch { failure = error }
        }
        // Buffered output to a full disk fails only here; the command's own
        // error, if it had one, is the line to print.
        do { try out.flush() } catch {
            if failure == nil || failure is ExitCode { failure = error }
        }
        exit(status(failure))
    }

    static func status(_ failure: Error?) -> Int32 {
        switch failure {
        case nil:
            return 0
        case let code as ExitCode:
            return code.rawValue
        case let e as OutputError where e.isClosedPipe:
            endAsClosedPipe()
        case let e as GovSearchError:
            CLI.report(e)
            return e.exitCode
        case let e as OutputError:
            CLI.printError(e.description)
            return 2
        case let error?:
            CLI.printError(GovSearch.message(for: error))
            return 2
        }
    }

    /// The reader is gone (`govsearch … | head`): end as grep, cat and head's
    /// writers do, killed by SIGPIPE with no message (status 141 in a shell).
    static func endAsClosedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)  // SIGPIPE blocked by whoever started us: the same status a shell would show
    }
}
