// Finds a report's statistics tables and hands each to its reader: the requests table
// (RequestsTableReader), the appeals table (AppealsTableReader), the proactive table
// (ProactiveTableReader), the pre-2019 table (OldPlanTable) or, with no table, the prose
// (ProseFigures: the year's applications and how they were answered); then checks the figures against the tables' rules (ConsistencyRules).

enum StatisticsParser {
    /// The section's range, or the whole text when the report has no such section.
    static func range(_ key: SectionKey, _ sections: [Section], _ count: Int) -> Range<Int> {
        if let s = sections.first(where: { $0.key == key }) { return s.start..<s.end }
        return 0..<count
    }

    /// The section's range when it holds `marker`, else the whole text (misnumbered or missing headings).
    static func tableRange(_ key: SectionKey, _ markers: [[U]], _ text: [U], _ sections: [Section]) -> Range<Int> {
        let r = range(key, sections, text.count)
        return markers.contains { text.contains($0, from: r.lowerBound, to: r.upperBound) } ? r : 0..<text.count
    }

    /// The statistics of a report's text. A text that shows a PDF's pages (page markers, a running
    /// head, hard wraps: `PrintedPages`) is read flowed, and the lines its figures cite are the original's.
    static func parse(_ text: [U], sections: [Section]) -> (Statistics?, [CheckFailure]) {
        guard let flowed = PrintedPages.flowed(text) else { return parseTables(text, Lines(text), sections: sections) }
        // the sections as the flowed text shows them: a heading the wraps cut is whole again
        var lines = Lines(flowed.text)
        let printed = Lines(text)
        lines.printedLines = flowed.origin.map { printed.line(of: $0) }
        return parseTables(flowed.text, lines, sections: SectionParser.sections(flowed.text, Lines(flowed.text)))
    }

    /// The statistics of a text read with `lines` (citing the printed lines).
    static func parseTables(_ text: [U], _ lines: Lines, sections: [Section]) -> (Statistics?, [CheckFailure]) {
        // Cheap gate: no table markers, no statistics.
        let hasRequests = text.contains(RequestsTableReader.marker)
        let hasAppeals = AppealsTableReader.markers.contains { text.contains($0) } && text.contains(u("行政复议"))
        let hasProactive = text.contains(ProactiveTableReader.marker)
        // With no requests table (a pre-2019 report, or the table an image on the page), the prose may
        // state the year's applications (全年共受理…申请X件, 未收到…申请).
        let hasProse = !hasRequests && text.contains(u("申请"))
        let hasOldTable = !hasRequests && OldPlanTable.present(text)
        if !hasRequests && !hasAppeals && !hasProactive && !hasProse && !hasOldTable { return (nil, []) }
        var stats = Statistics()
        if hasProactive {
            ProactiveTableReader.read(text, StatisticsTokenizer.tokenize(text, range(.proactive, sections, text.count)), lines, into: &stats)
        }
        let requestsRange = tableRange(.requests, [RequestsTableReader.marker], text, sections)
        if hasRequests {
            RequestsTableReader.read(text, requestsRange, lines, into: &stats)
        } else if hasOldTable {
            let said = hasProse ? ProseFigures.requestStatements(text, sections: sections) : [:]
            OldPlanTable.read(text, lines, prose: said.compactMapValues(ProseFigures.agreed), into: &stats)
        } else if hasProse {
            let tablePrinted = RequestsTableReader.headerWords.contains { text.contains($0) }
            ProseFigures.readRequests(ProseFigures.requestStatements(text, sections: sections), lines, tablePrinted: tablePrinted, into: &stats)
        }
        if hasAppeals {
            AppealsTableReader.read(text, StatisticsTokenizer.tokenize(text, tableRange(.appeals, AppealsTableReader.markers, text, sections)), lines,
                                    grid: { AppealsTableReader.cellGrid(RequestsTableReader.labelledRows(text, StatisticsTokenizer.tokenize(text, requestsRange)), lines) },
                                    into: &stats)
        }
        if stats.proactive.isEmpty && stats.requests == nil && stats.appeals == nil { return (nil, []) }
        return (stats, ConsistencyRules.failures(stats))
    }
}
