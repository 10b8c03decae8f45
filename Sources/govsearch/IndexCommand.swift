import ArgumentParser
import Foundation
import GovSearchCore

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or update the index from folders of reports (.txt .md .html .docx .pdf).",
        discussion: "Re-runs read only changed files and remove reports whose files are gone."
    )

    @Argument(help: "Folders (or files) to index, walked recursively.") var paths: [String]
    @Option(help: "Index location (default: $GOVSEARCH_INDEX, else ./index).") var index: String?
    @Flag(help: "Start the index over.") var rebuild = false
    @Flag(help: "Make any skipped file an error (exit 2).") var strict = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false
    @Flag(name: .shortAndLong, help: "List every skipped file and warning.") var verbose = false
    @Option(help: "Commit every N reports.") var commitEvery = 500

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one folder to index") }
        if commitEvery < 1 { throw ValidationError("--commit-every must be at least 1") }
    }

    func run() throws {
        var options = Indexer.Options(roots: paths, indexPath: CLI.indexPath(index))
        options.rebuild = rebuild
        options.strict = strict
        options.commitEvery = commitEvery
        let bar = CLI.stderrIsTerminal && !quiet ? ProgressBar() : nil
        let summary = try Indexer(options).run { p in bar?.update(p) }
        bar?.finish()

        if !quiet {
            let mb = Double(summary.bytes) / 1e6
            let rate = summary.seconds > 0 ? mb / summary.seconds : 0
            print(String(format: "indexed %d reports, %d unchanged, %d removed, %d skipped in %.2fs (%.1f MB read, %.1f MB/s); the index holds %d reports",
                         summary.indexed, summary.unchanged, summary.removed, summary.skipped.count,
                         summary.seconds, mb, rate, summary.reports))
            if !summary.skipped.isEmpty {
                let causes = summary.skipsByCause.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }
                print("skipped by cause: " + causes.joined(separator: "; "))
            }
        }
        for s in summary.skipped.prefix(verbose ? Int.max : 20) { CLI.writeStderr("govsearch: skipped \(s.path): \(s.reason)\n") }
        if !verbose && summary.skipped.count > 20 { CLI.writeStderr("govsearch: … and \(summary.skipped.count - 20) more skipped (--verbose lists them)\n") }
        if verbose { for w in summary.warnings { CLI.writeStderr("govsearch: warning: \(w)\n") } }
        if strict && !summary.skipped.isEmpty {
            throw GovSearchError.badArgument("\(summary.skipped.count) file(s) skipped (--strict)")
        }
    }
}

/// Reports done / total, MB/s and time left on a terminal.
final class ProgressBar {
    private var last = 0.0

    func update(_ p: Indexer.Progress) {
        guard p.total > 0, p.elapsed - last > 0.1 || p.done == p.total else { return }
        last = p.elapsed
        let width = 30
        let filled = Int(Double(width) * Double(p.done) / Double(p.total))
        let rate = p.elapsed > 0 ? Double(p.bytes) / 1e6 / p.elapsed : 0
        let left = p.done > 0 ? p.elapsed * Double(p.total - p.done) / Double(p.done) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        CLI.writeStderr(String(format: "\r%@ %d/%d  %.1f MB/s  %.0fs left ", bar, p.done, p.total, rate, left))
    }

    func finish() { CLI.writeStderr("\r\u{1B}[K") }
}
