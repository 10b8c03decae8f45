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
    /// Memory stays constant whatever the number of matches: the match runs
    /// over windows of `chunkSize` document ids, each window asking Xapian
    /// for at most `chunkSize` items, so a 100,000-report index needs no more
    /// memory than a 1,000-report one.
    ///
    /// - Parameters:
    ///   - query: the query language of `govsearch search`.
    ///   - sections: fill `MatchedReport.sections` (costs a position read per report).
    ///   - snippets: fill the snippet (re-reads each file: slow; off for bulk work).
    ///   - body: called once per matching report; throw to stop.
    public func forEachMatch(_ query: String, chunkSize: Int = 1000, sections: Bool = false, snippets: Bool = false,
                             _ body: (MatchedReport) throws -> Void) throws {
        try forEachMatchData(query, chunkSize: chunkSize) { docid, weight, data, compiled, matcher in
            guard let m = try matched(docid, weight, data, compiled, matcher, sections: sections, snippets: snippets) else { return }
            try body(m)
        }
    }

    /// Visits every report matching `query` in the order `search` pages them
    /// with the same `sort`, so `--all` lists what all pages together would.
    ///
    /// A sorted order needs every match before the first can be handed out:
    /// the first pass keeps only (docid, weight, sort value) per match — about
    /// 40 bytes, 4 MB for 100,000 matches — and the second reads each report
    /// again by its docid, so memory never holds the reports themselves.
    /// The order is Xapian's for `search`: the sort value's bytes (reversed
    /// when descending), then weight descending, then docid ascending.
    public func forEachMatch(_ query: String, sort: SortOrder, chunkSize: Int = 1000, sections: Bool = false,
                             snippets: Bool = false, _ body: (MatchedReport) throws -> Void) throws {
        let (slot, descending) = sort.valueSlot
        var keyed: [(docid: UInt32, weight: Double, value: [UInt8])] = []
        var compiled: CompiledQuery?, matcher: DocumentMatcher?
        try forEachMatchData(query, chunkSize: chunkSize) { docid, weight, _, c, m in
            compiled = c
            matcher = m
            keyed.append((docid, weight, try slot.map { try db.value(docid, slot: $0) } ?? []))
        }
        keyed.sort { a, b in
            if a.value != b.value {
                return descending ? b.value.lexicographicallyPrecedes(a.value) : a.value.lexicographicallyPrecedes(b.value)
            }
            if a.weight != b.weight { return a.weight > b.weight }
            return a.docid < b.docid
        }
        do {
            for k in keyed {
                let data = try db.document(k.docid).data()
                guard let m = try matched(k.docid, k.weight, data, compiled, matcher, sections: sections, snippets: snippets) else { continue }
                try body(m)
            }
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    /// One match as a `MatchedReport` (nil: stored data this version cannot read).
    private func matched(_ docid: UInt32, _ weight: Double, _ data: [UInt8], _ compiled: CompiledQuery?, _ matcher: DocumentMatcher?,
                         sections: Bool, snippets: Bool) throws -> MatchedReport? {
        guard let stored = StoredReport.decode(data) else { return nil }
        var m = MatchedReport(docid: docid, score: weight, stored: stored, sections: [])
        if sections {
            if let matcher {
                let s = try matcher.evaluate(docid).sections
                m.sections = SectionKey.allCases.filter(s.contains)
            } else {
                let s = Set(stored.sections.map(\.key))
                m.sections = SectionKey.allCases.filter(s.contains)
            }
        }
        if snippets, let compiled { fillSnippet(&m, compiled) }
        return m
    }

    /// `forEachMatch` without decoding: the document data as stored (for
    /// callers that need only a few of its fields, like `stats`).
    func forEachMatchData(_ query: String, chunkSize: Int = 1000,
                          _ body: (UInt32, Double, [UInt8], CompiledQuery?, DocumentMatcher?) throws -> Void) throws {
        precondition(chunkSize > 0)
        do {
            let compiled: CompiledQuery? = query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? nil : try QueryCompiler.compile(query, db: db)
            let xquery = try compiled?.xapian ?? Query.matchAll()
            let matcher = compiled.map { DocumentMatcher(db: db, compiled: $0) }
            let exact = compiled?.needsExactCheck ?? false
            if hasRemoteShards && !exact {
                try pages(xquery, compiled, chunkSize) { try body($0.docid, $0.weight, $0.data, compiled, matcher) }
                return
            }
            let last = try db.lastDocumentID()
            var low: UInt32 = 1
            let step = UInt32(clamping: chunkSize)
            while low <= last && last > 0 {
                let high = low &+ step < low ? UInt32.max : low + step  // window [low, high)
                // Read the whole window before handing anything out, so that a
                // concurrent indexer's commit (Xapian "modified") can be met by
                // reopening and reading the window again without duplicates.
                var window: [(docid: UInt32, weight: Double, data: [UInt8])] = []
                var attempt = 0
                while true {
                    do {
                        window = try readWindow(xquery, compiled, matcher, exact, low, high, chunkSize)
                        break
                    } catch let e as XapianError where e.kind == .modified && attempt < 3 {
                        attempt += 1
                        try db.reopen()
                    }
                }
                for item in window { try body(item.docid, item.weight, item.data, compiled, matcher) }
                if high == UInt32.max { break }
                low = high
            }
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    /// Every match in relevance order, `size` at a time, without a match decider (which Xapian 1.4
    /// refuses over remote shards; a query that needs one is refused there with a clear error).
    private func pages(_ xquery: Query, _ compiled: CompiledQuery?, _ size: Int,
                       _ body: ((docid: UInt32, weight: Double, data: [UInt8])) throws -> Void) throws {
        let enquire = try Enquire(db)
        try enquire.setQuery(xquery)
        if compiled?.hasText == true { try enquire.useBM25() } else { try enquire.useBooleanWeighting() }
        var first = 0
        while true {
            let mset = try enquire.matches(first: first, maximum: size, checkAtLeast: 0)
            for i in 0..<mset.count {
                let (docid, weight) = try mset.item(i)
                try body((docid, weight, try mset.data(i)))
            }
            if mset.count < size { return }
            first += size
        }
    }

    /// The matches with docids in `[low, high)`, ascending. At most `limit` of them
    /// exist, so the match set never holds more than one window.
    private func readWindow(_ xquery: Query, _ compiled: CompiledQuery?, _ matcher: DocumentMatcher?, _ exact: Bool,
                            _ low: UInt32, _ high: UInt32, _ limit: Int) throws -> [(docid: UInt32, weight: Double, data: [UInt8])] {
        let enquire = try Enquire(db)
        try enquire.setQuery(xquery)
        if compiled?.hasText == true { try enquire.useBM25() } else { try enquire.useBooleanWeighting() }
        var deciderError: Error?
        try setSectionsDecider(enquire) { docid, sectionsValue in
            guard docid >= low && docid < high else { return false }
            guard exact, let matcher else { return true }
            do { return try matcher.evaluate(docid, sectionsValue: sectionsValue).accepted } catch { deciderError = error; return false }
        }
        let mset = try enquire.matches(first: 0, maximum: limit, checkAtLeast: 0)
        if let deciderError { throw deciderError }
        var out: [(docid: UInt32, weight: Double, data: [UInt8])] = []
        out.reserveCapacity(mset.count)
        for i in 0..<mset.count {
            let (docid, weight) = try mset.item(i)
            out.append((docid, weight, try mset.data(i)))
        }
        out.sort { $0.docid < $1.docid }
        return out
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
