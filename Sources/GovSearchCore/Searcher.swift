import Foundation
import Reports
import Segmentation
import XapianKit

/// How hits are ordered.
public enum SortOrder: Equatable, Sendable {
    case relevance
    case year(descending: Bool)
    case agency(descending: Bool)
    /// A statistics figure (e.g. `new_applications`), reports without it last.
    case figure(String, descending: Bool)

    /// Parses `relevance`, `year`, `-year`, `agency`, `-new_applications`, …
    public init(_ text: String) throws {
        let desc = text.hasPrefix("-")
        let name = desc ? String(text.dropFirst()) : text
        switch name {
        case "relevance", "score", "": self = .relevance
        case "year": self = .year(descending: desc)
        case "agency": self = .agency(descending: desc)
        default:
            let canonical = name == "applications" ? "new_applications" : name
            guard FigureAccess.sortableNames.contains(canonical) else {
                throw GovSearchError.badArgument("unknown sort order '\(text)' (use relevance, year, -year, agency or a figure: \(FigureAccess.sortableNames.joined(separator: ", ")))")
            }
            self = .figure(canonical, descending: desc)
        }
    }

    /// The value slot the order sorts on before relevance (nil: relevance alone).
    var valueSlot: (slot: UInt32?, descending: Bool) {
        switch self {
        case .relevance: return (nil, false)
        case let .year(d): return (IndexSchema.facetSlot(.year), d)
        case let .agency(d): return (IndexSchema.facetSlot(.agency), d)
        case let .figure(name, d): return (FigureAccess.slot(of: name)!, d)
        }
    }
}

public struct SearchRequest: Sendable {
    public var query: String
    public var offset = 0
    public var limit = 10
    public var facets: [Facet] = Facet.defaults
    public var sort: SortOrder = .relevance
    public var snippets = true
    /// Keep only the N most frequent values of each facet but `year` (nil: all values).
    public var facetLimit: Int?
    /// Fill each hit's `stored.figures` (the statistics tables); the JSON of a hit does not show them.
    public var figures = true

    public init(query: String) { self.query = query }
}

/// Runs searches against one index; keep it open across queries (batch mode, server).
/// Not thread-safe: one Searcher per thread.
public final class Searcher {
    public let indexPath: String
    let db: Database
    /// The terms the index holds, remembered across queries until the database is reopened.
    let present: TermPresence

    /// Shards left out by `allowPartial` (each named, with why): the answer covers the others only.
    public let missingShards: [String]

    /// - Parameter allowPartial: search the shards that can be opened when some cannot
    ///   (otherwise a shard that is down is an error naming it).
    public init(indexPath: String, allowPartial: Bool = false) throws {
        self.indexPath = indexPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: indexPath, isDirectory: &isDir), isDir.boolValue else {
            throw GovSearchError.noIndex(path: indexPath)
        }
        do {
            let layout = try ShardLayout.read(indexPath: indexPath)
            (db, missingShards) = try layout.open(allowPartial: allowPartial)
            present = TermPresence(db)
            // Another layout would answer wrongly, not fail: refuse it in one line.
            let schema = try db.metadata(IndexSchema.schemaKey)
            if !schema.isEmpty && schema != IndexSchema.schemaVersion {
                throw GovSearchError.index(path: indexPath, message: "built with index schema \(schema); this govsearch reads schema "
                    + "\(IndexSchema.schemaVersion): re-index with `govsearch index … --rebuild`")
            }
        } catch let e as GovSearchError { throw e } catch { throw GovSearchError.wrap(error, index: indexPath) }
    }

    /// Sees the latest commit of a concurrent indexer.
    public func reopen() throws {
        if try db.reopen() { present.reset() }
    }

    public func documentCount() throws -> Int { try db.documentCount() }

    public func search(_ request: SearchRequest) throws -> SearchResult {
        do {
            return try run(request)
        } catch let e as XapianError where e.kind == .modified {
            try db.reopen()  // an indexer committed meanwhile: retry once on the new revision
            present.reset()
            return try run(request)
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    private func run(_ request: SearchRequest) throws -> SearchResult {
        guard request.limit >= 0, request.offset >= 0 else {
            throw GovSearchError.badArgument("--limit and --offset must not be negative")
        }
        let compiled = try QueryCompiler.compile(request.query, db: db, present: present)
        let enquire = try Enquire(db)
        try enquire.setQuery(compiled.xapian)
        try enquire.useBM25()
        if case let (slot?, descending) = request.sort.valueSlot {
            try enquire.setSort(.valueThenRelevance(slot: slot, descending: descending))
        }
        let doccount = max(try db.documentCount(), 1)
        let wantSections = request.facets.contains(.section)
        let valueFacets = request.facets.filter { IndexSchema.facetSlot($0) != nil }
        let mset: MatchSet
        var total: Int
        var spies: [(Facet, ValueCountSpy)] = []
        var sectionCounts: [SectionKey: Int] = [:]
        if !wantSections || compiled.sectionBits == nil {
            // One pass ranks and counts every match for the value facets.
            for f in valueFacets { spies.append((f, try enquire.addValueCountSpy(slot: IndexSchema.facetSlot(f)!))) }
            mset = try enquire.matches(first: request.offset, maximum: request.limit, checkAtLeast: doccount)
            total = mset.matchesEstimated
            if wantSections && total > 0 {
                for k in SectionKey.allCases {
                    guard let inside = compiled.inSection[k] else { continue }
                    let n = try count(Query(.filter, [compiled.xapian, inside]))
                    if n > 0 { sectionCounts[k] = n }
                }
            }
        } else {
            // One pass counts every match for the facets (the section facet read from `sectionBits`
            // weights); a second one ranks, free to stop early.
            let counter = try Enquire(db)
            try counter.setQuery(compiled.sectionBits!)
            try counter.useBM25()  // (every weight but the bits is scaled by 0)
            for f in valueFacets { spies.append((f, try counter.addValueCountSpy(slot: IndexSchema.facetSlot(f)!))) }
            let counted = try counter.matches(first: 0, maximum: doccount, checkAtLeast: doccount)
            total = counted.matchesEstimated
            for (weight, n) in try Self.weightRuns(counted) {
                for k in CompiledQuery.sections(ofBits: weight) { sectionCounts[k, default: 0] += n }
            }
            mset = try enquire.matches(first: request.offset, maximum: request.limit, checkAtLeast: 0)
        }

        var hits: [Hit] = []
        var hitDocids: [UInt32: String] = [:]
        for i in 0..<mset.count {
            let (docid, weight) = try mset.item(i)
            guard let stored = StoredReport.decode(try mset.data(i), figures: request.figures) else { continue }
            var hit = Hit(id: stored.id, path: stored.path, year: stored.year, agency: stored.agency, region: stored.region,
                          title: stored.title, score: weight,
                          sections: [], snippet: "", highlights: [], stored: stored)
            if request.snippets { addSnippet(&hit, compiled) }
            hits.append(hit)
            hitDocids[docid] = stored.id
        }
        let sections = try sectionsOf(hitDocids, compiled)
        for i in hits.indices { hits[i].sections = sections[hits[i].id] ?? [] }

        var facets: [FacetCounts] = []
        for f in request.facets {
            if f == .section {
                let counts = SectionKey.allCases.compactMap { k in sectionCounts[k].map { (k.rawValue, $0) } }
                facets.append(FacetCounts(facet: .section, counts: counts))
            } else if let spy = spies.first(where: { $0.0 == f })?.1 {
                var counts: [(value: String, count: Int)]
                if f != .year, let n = request.facetLimit {
                    counts = try spy.topValues(n + 1).filter { !$0.value.isEmpty }  // +1: room for an empty value
                } else {
                    counts = try spy.values().filter { !$0.value.isEmpty }
                }
                // Xapian lists values in byte order; a stable sort on the count alone keeps
                // that order among equals (string comparisons cost 4% of batch time).
                if f != .year {
                    counts.sort { $0.count > $1.count }
                    if let n = request.facetLimit, counts.count > n { counts.removeSubrange(n...) }
                }
                facets.append(FacetCounts(facet: f, counts: counts))
            }
        }
        return SearchResult(query: request.query, total: total, offset: request.offset,
                            limit: request.limit, hits: hits, facets: facets, missingShards: missingShards)
    }

    /// Cuts the hit's passage from its file (a scanned PDF: from the OCR text the index keeps).
    private func addSnippet(_ hit: inout Hit, _ compiled: CompiledQuery) {
        let s: Snippet.Result
        if hit.stored.ocr == true {
            guard let report = try? report(hit.stored) else { return }
            s = Self.snippet(report: report, compiled)
        } else {
            guard let (cut, _) = Self.snippet(path: hit.path, compiled) else { return }
            s = cut
        }
        hit.snippet = s.text
        hit.highlights = s.highlights
    }

    /// The exact number of reports matching `query`.
    func count(_ query: Query) throws -> Int {
        let enquire = try Enquire(db)
        try enquire.setQuery(query)
        try enquire.useBooleanWeighting()
        return try enquire.matches(first: 0, maximum: 0, checkAtLeast: max(try db.documentCount(), 1)).matchesEstimated
    }

    /// The sections in which the query matches, for each of the given reports (their ids by
    /// docid, as this searcher's matches numbered them): one query narrowed to those reports' id
    /// terms, its weights read as `sectionBits` (without them, one query per section).
    func sectionsOf(_ reports: [UInt32: String], _ compiled: CompiledQuery) throws -> [String: [SectionKey]] {
        guard !reports.isEmpty else { return [:] }
        let those = try QueryCompiler.anyOf(reports.values.map { IndexSchema.idPrefix + $0 })
        // The docids come from the same database object, so they name the same reports (no read
        // of each report's id slot: that was a document fetch per hit).
        func matches(_ q: Query, bm25: Bool) throws -> [(id: String, weight: Double)] {
            let enquire = try Enquire(db)
            try enquire.setQuery(Query(.filter, [q, those]))
            if bm25 { try enquire.useBM25() } else { try enquire.useBooleanWeighting() }
            let mset = try enquire.matches(first: 0, maximum: reports.count, checkAtLeast: 0)
            return try (0..<mset.count).compactMap { i in
                let (docid, weight) = try mset.item(i)
                return reports[docid].map { ($0, weight) }
            }
        }
        var out: [String: [SectionKey]] = [:]
        if let bits = compiled.sectionBits {
            for (id, weight) in try matches(bits, bm25: true) {
                let found = CompiledQuery.sections(ofBits: weight)
                out[id] = SectionKey.allCases.filter(found.contains)
            }
            return out
        }
        for k in SectionKey.allCases {
            guard let inside = compiled.inSection[k] else { continue }
            for (id, _) in try matches(inside, bm25: false) { out[id, default: []].append(k) }
        }
        return out
    }

    /// The runs of equal weights of a match set (sorted by weight): each weight and how many
    /// matches have it, found by galloping, so a run costs a few reads however long it is.
    static func weightRuns(_ mset: MatchSet) throws -> [(weight: Double, count: Int)] {
        var out: [(weight: Double, count: Int)] = []
        var i = 0
        let n = mset.count
        while i < n {
            let w = try mset.item(i).weight
            var step = 1, lo = i, hi = i + 1  // mset[lo] has weight w; find the first index after i with another
            while hi < n, try mset.item(hi).weight == w { lo = hi; step *= 2; hi = min(n, i + step) }
            while lo + 1 < hi {
                let mid = (lo + hi) / 2
                if try mset.item(mid).weight == w { lo = mid } else { hi = mid }
            }
            out.append((w, hi - i))
            i = hi
        }
        return out
    }

    /// The passage of a report for a query, from its text re-read from disk
    /// (the index keeps no text), with the file as read (nil when the report
    /// had to be parsed: the passage must come from the sections a `section:`
    /// filter names, and its match lines then cover only those).
    static func snippet(path: String, _ compiled: CompiledQuery) -> (Snippet.Result, ReportReader.UTF8Text?)? {
        let patterns = compiled.positive.map { compiled.patterns[$0].normalized }
        if compiled.sections.isEmpty {
            guard let file = try? ReportReader.readUTF8(path: path) else { return nil }
            return (Snippet.make(utf8: file.bytes, compatibilityIdeographs: file.compatibilityIdeographs, patterns: patterns), file)
        }
        guard let (_, text, _) = try? ReportReader.readText(path: path, ocr: false) else { return nil }
        return (snippet(report: ReportReader.parse(text: text, path: path), compiled), nil)
    }

    /// The passage of a parsed report, within the sections a `section:` filter names.
    static func snippet(report: Report, _ compiled: CompiledQuery) -> Snippet.Result {
        let patterns = compiled.positive.map { compiled.patterns[$0].normalized }
        let allowed = compiled.sections.isEmpty ? nil
            : report.sections.filter { compiled.sections.contains($0.key) }.map { $0.start..<$0.end }
        return Snippet.make(text: report.text, patterns: patterns, allowed: allowed)
    }
}
