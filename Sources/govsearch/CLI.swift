import Foundation
import GovSearchCore
import GovSearchOutput

/// Small helpers shared by the commands.
enum CLI {
    static let stdoutIsTerminal = isatty(1) != 0
    static let stderrIsTerminal = isatty(2) != 0

    static func printError(_ message: String) { writeStderr("govsearch: " + message + "\n") }

    /// One line on stderr (and a caret under a bad query on a terminal).
    static func report(_ error: GovSearchError) {
        printError("\(error)")
        if let caret = error.caret, stderrIsTerminal { writeStderr("           " + caret + "\n") }
    }

    static func writeStderr(_ s: String) { StandardError.write(s) }
}
