import Foundation
import Reports
import XapianKit

/// One matching report met while streaming over every match of a query.
public struct MatchedReport: Sendable {
    /// Xapian document id (streams come in ascending docid order).
    public var docid: UInt32
    /// BM25 weight of the report for the query (0 for a query without text).
    public var score: Double
    /// What the index keeps of the report (metadata, figures, check status).
    public var stored: StoredReport
    /// Sections in which the query's text matches (the report's sections for a
    /// filter-only query); empty unless asked for with `sections: true`.
    public var sections: [SectionKey]
    /// The snippet and its highlights; empty unless asked for with `snippets: true`.
    public var snippet: String = ""
    public var highlights: [[Int]] = []

    /// The same report as a search `Hit`.
    public var hit: Hit {
        Hit(id: stored.id, path: stored.path, year: stored.year, agency: stored.agency, region: stored.region,
            title: stored.title, score: score, sections: sections, snippet: snippet, highlights: highlights, stored: stored)
    }
}

extension Searcher {
    /// Visits every report matching `query` (empty or blank: every report in
    /// the index), in ascending docid order, without any limit.
    ///
    /// The reports are read a page of `chunkSize` at a time (Xapian keeps the
    /// ranking of the matches before the page, a few dozen bytes each).
    ///
    /// - Parameters:
    ///   - query: the query language of `govsearch search`.
    ///   - sections: fill `MatchedReport.sections` (for a query with text: section queries per page of reports).
    ///   - snippets: fill the snippet (re-reads each file: slow; off for bulk work).
    ///   - body: called once per matching report; throw to stop.
    public func forEachMatch(_ query: String, chunkSize: Int = 1000, sections: Bool = false, snippets: Bool = false,
                             _ body: (MatchedReport) throws -> Void) throws {
        // Reports wait here until a page is full, for their sections to be placed in one go.
        var pending: [MatchedReport] = []
        var pendingCompiled: CompiledQuery?
        func flush() throws {
            if let compiled = pendingCompiled, !pending.isEmpty {
                let found = try sectionsOfReports(pending.map(\.stored.id), compiled)
                for i in pending.indices {
                    pending[i].sections = SectionKey.allCases.filter((found[pending[i].stored.id] ?? []).contains)
                }
            }
            for m in pending { try body(m) }
            pending.removeAll(keepingCapacity: true)
        }
        try forEachMatchData(query, chunkSize: chunkSize) { docid, weight, data, compiled, matcher in
            guard let stored = StoredReport.decode(data) else { return }
            var m = MatchedReport(docid: docid, score: weight, stored: stored, sections: [])
            if snippets, let compiled { fillSnippet(&m, compiled) }
            guard sections else { try body(m); return }
            if let compiled, compiled.hasText {
                if compiled.needsClientCheck, let matcher {
                    m.sections = SectionKey.allCases.filter(try matcher.evaluate(docid).sections.contains)
                } else {
                    pendingCompiled = compiled
                    pending.append(m)
                    if pending.count >= chunkSize { try flush() }
                    return
                }
            } else {
                let s = Set(stored.sections.map(\.key)).intersection(compiled?.countableSections ?? SectionKey.allCases)
                m.sections = SectionKey.allCases.filter(s.contains)
            }
            try body(m)
        }
        try flush()
    }

    /// `forEachMatch` without decoding: the document data as stored (for
    /// callers that need only a few of its fields, like `stats`).
    ///
    /// Pages of `chunkSize` matches in ascending docid order (sorted by an
    /// unused value slot, so docid order decides and weights are still
    /// computed): nothing a remote shard refuses. Each page is read whole
    /// before it is handed out; when a concurrent indexer's commit makes
    /// Xapian report "modified", the stream reopens and pages again from the
    /// start, skipping the docids already handed out.
    func forEachMatchData(_ query: String, chunkSize: Int = 1000,
                          _ body: (UInt32, Double, [UInt8], CompiledQuery?, DocumentMatcher?) throws -> Void) throws {
        precondition(chunkSize > 0)
        do {
            let compiled: CompiledQuery? = query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? nil : try QueryCompiler.compile(query, db: db)
            let xquery = compiled?.xapian ?? Query.matchAll()
            let matcher = compiled.map { DocumentMatcher(db: db, compiled: $0) }
            let exact = compiled?.needsClientCheck ?? false
            var first = 0
            var handedOut: UInt32 = 0  // the last docid handed out (ascending)
            var attempt = 0
            while true {
                var page: [(docid: UInt32, weight: Double, data: [UInt8])] = []
                var more = false
                do {
                    (page, more) = try readPage(xquery, compiled, first, chunkSize)
                } catch let e as XapianError where e.kind == .modified && attempt < 3 {
                    attempt += 1
                    try db.reopen()
                    first = 0
                    continue
                }
                first += chunkSize
                for item in page where item.docid > handedOut {
                    if exact, let matcher, !(try matcher.evaluate(item.docid).accepted) { continue }
                    handedOut = item.docid
                    try body(item.docid, item.weight, item.data, compiled, matcher)
                }
                if !more { break }
            }
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    /// Matches `first ..< first + limit` in ascending docid order, and whether more follow.
    private func readPage(_ xquery: Query, _ compiled: CompiledQuery?, _ first: Int, _ limit: Int) throws
        -> ([(docid: UInt32, weight: Double, data: [UInt8])], Bool) {
        let enquire = try Enquire(db)
        try enquire.setQuery(xquery)
        if compiled?.hasText == true { try enquire.useBM25() } else { try enquire.useBooleanWeighting() }
        try enquire.setSort(.value(slot: IndexSchema.unusedSlot, descending: false))
        let mset = try enquire.matches(first: first, maximum: limit + 1, checkAtLeast: 0)
        var out: [(docid: UInt32, weight: Double, data: [UInt8])] = []
        out.reserveCapacity(min(mset.count, limit))
        for i in 0..<min(mset.count, limit) {
            let (docid, weight) = try mset.item(i)
            out.append((docid, weight, try mset.data(i)))
        }
        return (out, mset.count > limit)
    }

    private func fillSnippet(_ m: inout MatchedReport, _ compiled: CompiledQuery) {
        guard let (s, _) = Self.snippet(path: m.stored.path, compiled) else { return }
        m.snippet = s.text
        m.highlights = s.highlights
    }

    /// The exact number of reports matching `query` (empty: all reports).
    public func matchCount(_ query: String) throws -> Int {
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return try documentCount() }
        var r = SearchRequest(query: query)
        r.limit = 0
        r.facets = []
        r.snippets = false
        return try search(r).total
    }

    /// Facet counts over the matches of `query` (empty: over every report).
    /// Exact: every match is counted. Unknown (empty) values are left out.
    func facetCounts(_ query: String, facet: Facet) throws -> [String: Int] {
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return try facetCountsOfAll(facet) }
        var r = SearchRequest(query: query)
        r.limit = 0
        r.facets = [facet]
        r.snippets = false
        var out: [String: Int] = [:]
        for f in try search(r).facets where f.facet == facet { for (v, c) in f.counts { out[v, default: 0] += c } }
        return out
    }

    /// Facet counts over every report in the index (a match-all query, so
    /// reports with an unknown year or agency are not missed by a filter).
    /// For `.section`: the number of reports that have each section.
    func facetCountsOfAll(_ facet: Facet) throws -> [String: Int] {
        do {
            if facet == .section {
                var out: [String: Int] = [:]
                for k in SectionKey.allCases {
                    let n = try db.termFrequency(IndexSchema.sectionPrefix + k.rawValue)
                    if n > 0 { out[k.rawValue] = n }
                }
                return out
            }
            guard let slot = IndexSchema.facetSlot(facet) else { return [:] }
            let enquire = try Enquire(db)
            try enquire.setQuery(Query.matchAll())
            try enquire.useBooleanWeighting()
            let spy = try enquire.addValueCountSpy(slot: slot)
            let n = try db.documentCount()
            _ = try enquire.matches(first: 0, maximum: 0, checkAtLeast: max(n, 1))
            var out: [String: Int] = [:]
            for (v, c) in try spy.values() where !v.isEmpty { out[v, default: 0] += c }
            return out
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }
}

extension Searcher {
    /// The sections named by `section:` filters in `query` (empty: none, or an empty query).
    public func sectionFilters(_ query: String) throws -> Set<SectionKey> {
        if query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
        do { return try QueryCompiler.compile(query, db: db).sections } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }
}
