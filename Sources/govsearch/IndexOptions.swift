import ArgumentParser
import Foundation

/// `--index`, shared by every command that opens the index (one option group,
/// as swift-argument-parser's examples share options).
struct IndexOptions: ParsableArguments {
    @Option(help: "Index location (default: $GOVSEARCH_INDEX, else ./index).") var index: String?

    /// `--index`, else `$GOVSEARCH_INDEX`, else `./index`, made absolute.
    var path: String {
        let raw = index ?? ProcessInfo.processInfo.environment["GOVSEARCH_INDEX"] ?? "index"
        return raw.hasPrefix("/") ? raw : FileManager.default.currentDirectoryPath + "/" + raw
    }
}
