import ArgumentParser
import Foundation
import GovSearchCore
import GovSearchOutput
import Reports

struct IndexCommand: PrintingCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or update the index from folders of reports (.txt .md .html .docx .pdf .doc .wps .ofd .xlsx .xls .et).",
        discussion: "Re-runs read only changed files and remove reports whose files are gone."
    )

    @Argument(help: "Folders (or files) to index, walked recursively.") var paths: [String]
    @OptionGroup var location: IndexOptions
    @Flag(help: "Start the index over.") var rebuild = false
    @Flag(help: "Make any skipped file an error (exit 2).") var strict = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false
    @Flag(name: .shortAndLong, help: "List every skipped file and warning.") var verbose = false
    @Option(help: "Commit every N reports (a crash loses at most these).") var commitEvery = Indexer.Options.defaultCommitEvery
    @Option(help: "Commit sooner when the reports written since the last commit hold about this many MB in the writer (long reports).") var batchMemory = Indexer.Options.defaultBatchMegabytes
    @Option(help: "Skip files larger than this many MB.") var maxSize = 20.0
    @Flag(help: "Skip scanned PDFs instead of reading them by OCR (seconds a page).") var noOcr = false
    @Flag(help: "Index files that are no disclosure annual report too (error and listing pages, logs, other kinds of report).") var keepAll = false
    @Flag(help: "Don't compact the index after a run that wrote most of it (faster; the index stays up to 1.7x larger).") var noCompact = false
    @Option(help: "Split the index into N shard databases (one writer feeds them all); a changed count needs --rebuild.") var shards: Int?
    @Option(help: .hidden) var throttleMs = 0

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one folder to index") }
        if commitEvery < 1 { throw ValidationError("--commit-every must be at least 1") }
        if batchMemory < 1 { throw ValidationError("--batch-memory must be at least 1 (MB)") }
        if !(maxSize > 0) { throw ValidationError("--max-size must be a positive number of MB") }
    }

    func run(_ out: Output) throws {
        var options = Indexer.Options(roots: paths, indexPath: location.path)
        options.rebuild = rebuild
        options.strict = strict
        options.commitEvery = commitEvery
        options.batchTermLimit = Indexer.Options.batchTerms(megabytes: batchMemory)
        options.maxSize = Int(maxSize * 1024 * 1024)
        options.ocr = !noOcr
        options.keepAll = keepAll
        options.compact = !noCompact
        options.shards = shards
        options.throttle = Double(throttleMs) / 1000
        let bar = CLI.stderrIsTerminal && !quiet ? ProgressBar() : nil
        let summary: Indexer.Summary
        do {
            summary = try Indexer(options).run { p in bar?.update(p) }
        } catch {
            bar?.finish()
            throw error
        }
        bar?.finish()

        let limit = verbose ? Int.max : 20
        if !quiet {
            for s in summary.skipped.prefix(limit) { CLI.writeStderr("govsearch: skipped \(ReportError.printable(s.path)): \(s.reason)\n") }
            if summary.skipped.count > limit { CLI.writeStderr("govsearch: … and \(summary.skipped.count - limit) more skipped (--verbose lists them)\n") }
            for w in summary.warnings.prefix(limit) { CLI.writeStderr("govsearch: warning: \(w)\n") }
            if summary.warnings.count > limit { CLI.writeStderr("govsearch: … and \(summary.warnings.count - limit) more warnings (--verbose lists them)\n") }
            try out.line(Self.summaryLine(summary))
            if verbose {
                CLI.writeStderr(String(format: "govsearch: writer %.2fs in Xapian (%d commits), %.2fs waiting for the next chunk\n", summary.writerSeconds, summary.commits, summary.waitSeconds))
                if let c = summary.compactSeconds { CLI.writeStderr(String(format: "govsearch: compacted the index in %.2fs\n", c)) }
                CLI.writeStderr(String(format: "govsearch: finding copies %.2fs CPU of the run's %.2fs (%.1f %%)\n", summary.identitySeconds,
                                       summary.cpuSeconds, summary.cpuSeconds > 0 ? 100 * summary.identitySeconds / summary.cpuSeconds : 0))
            }
        }
        if strict && !summary.skipped.isEmpty {
            throw GovSearchError.badArgument("\(summary.skipped.count) file(s) skipped (--strict): " +
                summary.skipped.prefix(3).map { "\(ReportError.printable($0.path)): \($0.reason)" }.joined(separator: "; "))
        }
    }

    /// The one summary line (also what a pipe gets instead of a progress bar).
    static func summaryLine(_ s: Indexer.Summary) -> String {
        let mb = Double(s.bytes) / 1e6
        let rate = s.seconds > 0 ? mb / s.seconds : 0
        var skipped = "\(s.skipped.count) skipped"
        if !s.skipped.isEmpty {
            skipped += " (" + s.skipsByCause.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        }
        let copies = s.files > s.reports ? " in \(s.files) files" : ""
        return String(format: "indexed %d files, %d unchanged, %d moved, %d removed, %@ in %.2fs (%.1f MB read, %.1f MB/s); the index holds %d reports%@",
                      s.indexed, s.unchanged, s.moved, s.removed, skipped, s.seconds, mb, rate, s.reports, copies)
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
