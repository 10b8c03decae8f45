import Foundation
import Reports
import XapianKit

/// One matching report met while streaming over every match of a query.
public struct MatchedReport: Sendable {
    /// Xapian document id (a stream gives them ascending within each window of report ids).
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
    /// the index), in windows of report ids (ascending docid within one), without any limit.
    ///
    /// Memory stays constant whatever the number of matches: the match runs over ranges of the
    /// report ids (a value slot, evenly spread), about `chunkSize` reports each, so a
    /// 100,000-report index needs no more memory than a 1,000-report one. Each range is one
    /// query Xapian answers itself, remote shards included, and each match is read once: the
    /// time grows with the matches, not with their square.
    ///
    /// - Parameters:
    ///   - query: the query language of `govsearch search`.
    ///   - sections: fill `MatchedReport.sections` (one query per section and window).
    ///   - snippets: fill the snippet (re-reads each file: slow; off for bulk work).
    ///   - body: called once per matching report; throw to stop.
    public func forEachMatch(_ query: String, chunkSize: Int = 1000, sections: Bool = false, snippets: Bool = false,
                             _ body: (MatchedReport) throws -> Void) throws {
        var pending: [MatchedReport] = []
        var compiledQuery: CompiledQuery?
        func flush() throws {
            try fillSections(&pending, compiledQuery, sections: sections)
            for var m in pending {
                if snippets, let c = compiledQuery { fillSnippet(&m, c) }
                try body(m)
            }
            pending.removeAll(keepingCapacity: true)
        }
        try forEachMatchData(query, chunkSize: chunkSize, windowEnd: { try flush() }) { docid, weight, data, compiled in
            compiledQuery = compiled
            guard let stored = StoredReport.decode(data) else { return }
            pending.append(MatchedReport(docid: docid, score: weight, stored: stored, sections: []))
        }
        try flush()
    }

    /// Visits every report matching `query` in the order `search` pages them
    /// with the same `sort`, so `--all` lists what all pages together would.
    ///
    /// A sorted order needs every match before the first can be handed out:
    /// the first pass keeps only (docid, weight, sort value, id) per match — about
    /// 60 bytes, 6 MB for 100,000 matches — and the second reads the reports again,
    /// `chunkSize` at a time, so memory never holds them all.
    /// The order is Xapian's for `search`: the sort value's bytes (reversed
    /// when descending), then weight descending, then docid ascending.
    public func forEachMatch(_ query: String, sort: SortOrder, chunkSize: Int = 1000, sections: Bool = false,
                             snippets: Bool = false, _ body: (MatchedReport) throws -> Void) throws {
        let (slot, descending) = sort.valueSlot
        var keyed: [(docid: UInt32, weight: Double, value: [UInt8], id: String)] = []
        var compiled: CompiledQuery?
        try forEachMatchData(query, chunkSize: chunkSize) { docid, weight, data, c in
            compiled = c
            guard let id = StoredReport.id(ofEncoded: data) else { return }
            keyed.append((docid, weight, try slot.map { try db.value(docid, slot: $0) } ?? [], id))
        }
        keyed.sort { a, b in
            if a.value != b.value {
                return descending ? b.value.lexicographicallyPrecedes(a.value) : a.value.lexicographicallyPrecedes(b.value)
            }
            if a.weight != b.weight { return a.weight > b.weight }
            return a.docid < b.docid
        }
        do {
            var start = 0
            while start < keyed.count {
                let part = keyed[start..<min(start + chunkSize, keyed.count)]
                let data = try storedReports(part.map(\.id))
                var batch: [MatchedReport] = []
                for k in part {
                    // (Not found by its id: read by docid, which fails as before if the report is gone.)
                    guard let stored = StoredReport.decode(try data[k.docid] ?? db.document(k.docid).data()) else { continue }
                    batch.append(MatchedReport(docid: k.docid, score: k.weight, stored: stored, sections: []))
                }
                try fillSections(&batch, compiled, sections: sections)
                for var m in batch {
                    if snippets, let compiled { fillSnippet(&m, compiled) }
                    try body(m)
                }
                start += chunkSize
            }
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    /// The stored reports of these ids, by docid: one query over their id terms, sorted by the
    /// stored slot so that its match set carries them (one round trip per remote shard, where a
    /// document read is one per report). An index without the slot gives the documents' data.
    private func storedReports(_ ids: [String]) throws -> [UInt32: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let enquire = try Enquire(db)
        try enquire.setQuery(QueryCompiler.anyOf(ids.map { IndexSchema.idPrefix + $0 }))
        try enquire.useBooleanWeighting()
        var out: [UInt32: [UInt8]] = [:]
        for m in try matchesWithStored(enquire, maximum: ids.count) { out[m.docid] = m.data }
        return out
    }

    /// The enquire's matches with each one's stored report, sorted by the stored slot so that
    /// the match set carries it (a remote shard sends them with the matches, where a document
    /// read is a round trip per report); from the document's data in an index without the slot.
    private func matchesWithStored(_ enquire: Enquire, maximum: Int) throws -> [(docid: UInt32, weight: Double, data: [UInt8])] {
        try enquire.setSort(.valueThenRelevance(slot: IndexSchema.storedSlot, descending: false))
        let mset = try enquire.matches(first: 0, maximum: maximum, checkAtLeast: 0)
        return try (0..<mset.count).map { i in
            let (docid, weight) = try mset.item(i)
            let stored = try mset.sortKey(i)
            return (docid, weight, stored.isEmpty ? try mset.data(i) : stored)
        }
    }

    /// Fills the sections of a batch of matches: where the query's text matches (no query, or
    /// no text: the report's sections, within those a `section:` filter names).
    private func fillSections(_ batch: inout [MatchedReport], _ compiled: CompiledQuery?, sections: Bool) throws {
        guard sections, !batch.isEmpty else { return }
        guard let compiled else {
            for i in batch.indices {
                let s = Set(batch[i].stored.sections.map(\.key))
                batch[i].sections = SectionKey.allCases.filter(s.contains)
            }
            return
        }
        let found = try sectionsOf(Dictionary(batch.map { ($0.docid, $0.stored.id) }, uniquingKeysWith: { a, _ in a }), compiled)
        for i in batch.indices { batch[i].sections = found[batch[i].stored.id] ?? [] }
    }

    /// `forEachMatch` without decoding: the document data as stored (for
    /// callers that need only a few of its fields, like `stats`).
    /// - Parameter windowEnd: called after each window's matches.
    func forEachMatchData(_ query: String, chunkSize: Int = 1000, windowEnd: () throws -> Void = {},
                          _ body: (UInt32, Double, [UInt8], CompiledQuery?) throws -> Void) throws {
        precondition(chunkSize > 0)
        do {
            let compiled: CompiledQuery? = query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? nil : try QueryCompiler.compile(query, db: db, present: present)
            let xquery = try compiled?.xapian ?? Query.matchAll()
            let windows = max(1, (try db.documentCount() + chunkSize - 1) / chunkSize)
            for w in 0..<windows {
                let (low, high) = Self.idRange(w, of: windows)
                // Read the whole window before handing anything out, so that a
                // concurrent indexer's commit (Xapian "modified") can be met by
                // reopening and reading the window again without duplicates.
                var window: [(docid: UInt32, weight: Double, data: [UInt8])] = []
                var attempt = 0
                while true {
                    do {
                        window = try readWindow(xquery, compiled, low, high)
                        break
                    } catch let e as XapianError where e.kind == .modified && attempt < 3 {
                        attempt += 1
                        try db.reopen()
                        present.reset()
                    }
                }
                for item in window { try body(item.docid, item.weight, item.data, compiled) }
                try windowEnd()
            }
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    /// The ids of window `w` of `n` (16 hex digits, both ends included): [w, w + 1) × 2^64 / n.
    static func idRange(_ w: Int, of n: Int) -> (low: String, high: String) {
        func bound(_ k: Int) -> UInt64 { UInt64(n).dividingFullWidth((high: UInt64(k), low: 0)).quotient }
        let low = bound(w)
        let high = w + 1 >= n ? UInt64.max : bound(w + 1) - 1
        return (ReportID.hex(low), ReportID.hex(high))
    }

    /// The matches whose id lies in `low ... high`, ascending by docid.
    private func readWindow(_ xquery: Query, _ compiled: CompiledQuery?, _ low: String, _ high: String) throws
        -> [(docid: UInt32, weight: Double, data: [UInt8])] {
        let enquire = try Enquire(db)
        let range = try Query(valueIn: IndexSchema.idSlot, from: low, to: high)
        try enquire.setQuery(Query(.filter, [xquery, range]))
        if compiled?.hasText == true { try enquire.useBM25() } else { try enquire.useBooleanWeighting() }
        return try matchesWithStored(enquire, maximum: max(try db.documentCount(), 1)).sorted { $0.docid < $1.docid }
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
        do { return try QueryCompiler.compile(query, db: db, present: present).sections } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }
}
