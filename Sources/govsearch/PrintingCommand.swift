import ArgumentParser
import Foundation
import GovSearchOutput

/// A command that prints: it writes only through the `Output` it is handed,
/// never to standard output itself. `Main` hands it standard output, flushes
/// it at the end and turns a write error into the exit status.
protocol PrintingCommand: ParsableCommand {
    func run(_ out: Output) throws
}

extension PrintingCommand {
    /// ArgumentParser's own entry point (Main calls `run(_:)` instead).
    func run() throws {
        let out = Output(fileDescriptor: STDOUT_FILENO)
        try run(out)
        try out.flush()
    }
}
