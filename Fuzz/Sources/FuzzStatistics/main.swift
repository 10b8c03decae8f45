import Foundation
import FuzzSupport
import GovSearchCore
import Reports

/// Parsing decoded text: sections, metadata and the statistics tables.
runFuzzer { data, size in
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let report = ReportReader.parse(text: text, path: "fuzz.txt")
    let scalars = text.unicodeScalars.count
    // Lines end at LF, CR or CRLF, as the parser reads them.
    var lines = 1
    var previous: Unicode.Scalar = " "
    for u in text.unicodeScalars {
        if u == "\r" || (u == "\n" && previous != "\r") { lines += 1 }
        previous = u
    }
    var previousEnd = 0
    for s in report.sections {
        // Sections are half-open scalar ranges of the text, in order, not overlapping.
        check(previousEnd <= s.start && s.start <= s.end && s.end <= scalars, "section \(s.key) \(s.start)..<\(s.end) of \(scalars), after \(previousEnd)")
        check(s.line >= 1 && s.line <= lines, "section line \(s.line) of \(lines)")
        previousEnd = s.end
    }
    if let stats = report.statistics {
        // A figure is a count (or an amount) printed in a table: never negative.
        for name in Statistics.figureNames { if let v = stats.value(name) { check(v >= 0 && v.isFinite, "\(name) = \(v)") } }
        func row(_ r: ApplicantRow?, _ name: String) {
            guard let r else { return }
            for v in r.values { if let v { check(v >= 0, "\(name) has \(v)") } }
            for (k, item) in r.items ?? [:] { row(item, name + "." + k) }
        }
        for name in RequestStatistics.rowNames { row(stats.requests?[name], name) }
        for a in [stats.appeals?.reconsideration, stats.appeals?.litigation_direct, stats.appeals?.litigation_after_reconsideration] {
            for v in a?.values ?? [] { if let v { check(v >= 0, "appeal figure \(v)") } }
        }
        for (item, columns) in stats.proactive { for (c, v) in columns { check(v >= 0 && v.isFinite, "proactive \(item).\(c) = \(v)") } }
        for (figure, source) in stats.sources { check(source.line >= 1 && source.line <= lines, "\(figure) from line \(source.line) of \(lines)") }
    }
    for (_, v) in FigureAccess.figures(of: report) { check(v >= 0, "figure \(v)") }
    if let year = report.metadata.year { check((1900...2999).contains(year), "year \(year)") }
    // What `inspect --json` prints must be writable for any report.
    let w = JSONWriter()
    InspectRecord(report).write(to: w)
}
