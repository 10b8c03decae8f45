import Foundation
import GovSearchCore
import GovSearchOutput

/// Small helpers shared by the commands.
enum CLI {
    /// `--index`, else `$GOVSEARCH_INDEX`, else `./index`.
    static func indexPath(_ option: String?) -> String {
        let raw = option ?? ProcessInfo.processInfo.environment["GOVSEARCH_INDEX"] ?? "index"
        return raw.hasPrefix("/") ? raw : FileManager.default.currentDirectoryPath + "/" + raw
    }

    static let stdoutIsTerminal = isatty(1) != 0
    static let stderrIsTerminal = isatty(2) != 0

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("govsearch: " + message + "\n").utf8))
    }

    static func fail(_ error: Error) -> Never {
        printError("\(error)")
        if let e = error as? GovSearchError, let caret = e.caret, stderrIsTerminal {
            FileHandle.standardError.write(Data(("           " + caret + "\n").utf8))
        }
        exit(2)
    }

    static func writeStderr(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
