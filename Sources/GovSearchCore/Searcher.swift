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
    /// Place a hit's matches in sections from its text when it is the indexed
    /// text (false: always from the index; the tests compare both).
    var sectionsFromText = true
    /// Decide every match from positions (`DocumentMatcher`), the slow way the
    /// tests compare the section-copy queries with.
    var checksEveryMatchFromPositions = false
    /// How many hits had their sections placed from the text (for the tests).
    private(set) var sectionsPlacedFromText = 0

    public init(indexPath: String) throws {
        self.indexPath = indexPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: indexPath, isDirectory: &isDir), isDir.boolValue else {
            throw GovSearchError.noIndex(path: indexPath)
        }
        do { db = try Database(path: indexPath) } catch { throw GovSearchError.wrap(error, index: indexPath) }
        try Self.checkLayout(db, indexPath)
    }

    /// An index of an older layout would answer `section:` queries and the
    /// section facet wrongly (it has no section copies): refuse it.
    static func checkLayout(_ db: Database, _ path: String) throws {
        do {
            let layout = try db.metadata(IndexSchema.schemaKey)
            if layout != IndexSchema.schemaVersion, try db.documentCount() > 0 {
                throw GovSearchError.index(path: path, message: "built by an older govsearch (index layout \(layout.isEmpty ? "1" : layout)): run govsearch index with --rebuild")
            }
        } catch let e as XapianError { throw GovSearchError.wrap(e, index: path) }
    }

    /// Sees the latest commit of a concurrent indexer.
    public func reopen() throws { _ = try db.reopen() }

    public func documentCount() throws -> Int { try db.documentCount() }

    public func search(_ request: SearchRequest) throws -> SearchResult {
        do {
            return try run(request)
        } catch let e as XapianError where e.kind == .modified {
            try db.reopen()  // an indexer committed meanwhile: retry once on the new revision
            return try run(request)
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    private func run(_ request: SearchRequest) throws -> SearchResult {
        guard request.limit >= 0, request.offset >= 0 else {
            throw GovSearchError.badArgument("--limit and --offset must not be negative")
        }
        let compiled = try QueryCompiler.compile(request.query, db: db, positionsDecide: checksEveryMatchFromPositions)
        let enquire = try Enquire(db)
        try enquire.setQuery(compiled.xapian)
        try enquire.useBM25()
        switch request.sort {
        case .relevance: break
        case let .year(d): try enquire.setSort(.valueThenRelevance(slot: IndexSchema.yearSlot, descending: d))
        case let .agency(d): try enquire.setSort(.valueThenRelevance(slot: IndexSchema.agencySlot, descending: d))
        case let .figure(name, d):
            try enquire.setSort(.valueThenRelevance(slot: FigureAccess.slot(of: name)!, descending: d))
        }
        let doccount = try db.documentCount()
        if compiled.needsClientCheck || checksEveryMatchFromPositions {
            return try runCheckingPositions(request, compiled, enquire, doccount: doccount)
        }
        var spies: [(Facet, ValueCountSpy)] = []
        for f in request.facets {
            if let slot = IndexSchema.facetSlot(f) { spies.append((f, try enquire.addValueCountSpy(slot: slot))) }
        }
        let mset = try enquire.matches(first: request.offset, maximum: request.limit, checkAtLeast: max(doccount, 1))

        var hits: [Hit] = []
        var unplaced: [Int] = []  // hits whose sections the text could not tell
        for i in 0..<mset.count {
            let (_, weight) = try mset.item(i)
            guard let stored = StoredReport.decode(try mset.data(i), figures: request.figures) else { continue }
            var hit = Hit(id: stored.id, path: stored.path, year: stored.year, agency: stored.agency, region: stored.region,
                          title: stored.title, score: weight,
                          sections: [], snippet: "", highlights: [], stored: stored)
            var sections: Set<SectionKey>?
            if !compiled.hasText {
                sections = Set(stored.sections.map(\.key)).intersection(compiled.countableSections)
            }
            if request.snippets {
                let placed = addSnippet(&hit, compiled)
                if sections == nil && sectionsFromText, let placed {
                    sections = placed
                    sectionsPlacedFromText += 1
                }
            }
            if let sections { hit.sections = SectionKey.allCases.filter(sections.contains) } else { unplaced.append(hits.count) }
            hits.append(hit)
        }
        if !unplaced.isEmpty { try placeSections(of: &hits, unplaced, compiled) }

        var facets: [FacetCounts] = []
        for f in request.facets {
            if f == .section {
                facets.append(FacetCounts(facet: .section, counts: try sectionCounts(compiled, doccount: doccount)))
            } else if let spy = spies.first(where: { $0.0 == f })?.1 {
                facets.append(FacetCounts(facet: f, counts: try Self.ordered(f, request.facetLimit, spy)))
            }
        }
        return SearchResult(query: request.query, total: mset.matchesEstimated, offset: request.offset,
                            limit: request.limit, hits: hits, facets: facets)
    }

    /// A value facet's counts: Xapian lists values in byte order; a stable
    /// sort on the count alone keeps that order among equals (string
    /// comparisons cost 4% of batch time). With a limit only the top values
    /// leave Xapian; `year` always lists all.
    static func ordered(_ f: Facet, _ limit: Int?, _ spy: ValueCountSpy) throws -> [(value: String, count: Int)] {
        var counts: [(value: String, count: Int)]
        if f != .year, let n = limit {
            counts = try spy.topValues(n + 1).filter { !$0.value.isEmpty }  // +1: room for an empty value
        } else {
            counts = try spy.values().filter { !$0.value.isEmpty }
        }
        if f != .year {
            counts.sort { $0.count > $1.count }
            if let n = limit, counts.count > n { counts.removeSubrange(n...) }
        }
        return counts
    }

    /// The section facet: one count-only query per section (the query's
    /// matches that match in that section), each counted exactly by Xapian.
    private func sectionCounts(_ compiled: CompiledQuery, doccount: Int) throws -> [(value: String, count: Int)] {
        var out: [(value: String, count: Int)] = []
        for key in compiled.countableSections {
            // A report without the section has none of its terms: skip the query.
            if try db.termFrequency(IndexSchema.sectionPrefix + key.rawValue) == 0 { continue }
            let count = try Enquire(db)
            try count.setQuery(try compiled.inSection(key))
            try count.useBooleanWeighting()
            let n = try count.matches(first: 0, maximum: 0, checkAtLeast: max(doccount, 1)).matchesEstimated
            if n > 0 { out.append((key.rawValue, n)) }
        }
        return out
    }

    /// Sections of the hits the text could not place.
    private func placeSections(of hits: inout [Hit], _ which: [Int], _ compiled: CompiledQuery) throws {
        let found = try sectionsOfReports(which.map { hits[$0].id }, compiled)
        for i in which { hits[i].sections = SectionKey.allCases.filter((found[hits[i].id] ?? []).contains) }
    }

    /// For reports of the query's matches (by id), the sections the query
    /// matches in: per section, one query restricted to their id terms.
    func sectionsOfReports(_ ids: [String], _ compiled: CompiledQuery) throws -> [String: Set<SectionKey>] {
        var found = [String: Set<SectionKey>]()
        guard !ids.isEmpty else { return found }
        let idTerms = try Query(.or, ids.map { Query(term: IndexSchema.idPrefix + $0) })
        for key in compiled.countableSections {
            let e = try Enquire(db)
            try e.setQuery(try Query(.filter, [try compiled.inSection(key), idTerms]))
            try e.useBooleanWeighting()
            let m = try e.matches(first: 0, maximum: ids.count, checkAtLeast: 0)
            for i in 0..<m.count {
                guard let stored = StoredReport.decode(try m.data(i), figures: false) else { continue }
                found[stored.id, default: []].insert(key)
            }
        }
        return found
    }

    /// A query with a pattern Xapian cannot match exactly: Xapian lists the
    /// candidates (every one, in the requested order) and `DocumentMatcher`
    /// keeps those that match, from positions; totals and facets are counted
    /// over what it keeps.
    private func runCheckingPositions(_ request: SearchRequest, _ compiled: CompiledQuery, _ enquire: Enquire,
                                      doccount: Int) throws -> SearchResult {
        let matcher = DocumentMatcher(db: db, compiled: compiled)
        let candidates = try enquire.matches(first: 0, maximum: max(doccount, 1), checkAtLeast: max(doccount, 1))
        var kept: [(index: Int, docid: UInt32, sections: Set<SectionKey>)] = []
        for i in 0..<candidates.count {
            let docid = try candidates.item(i).docid
            let r = try matcher.evaluate(docid)
            if r.accepted { kept.append((i, docid, r.sections)) }
        }
        var hits: [Hit] = []
        for k in kept.dropFirst(request.offset).prefix(request.limit) {
            let weight = try candidates.item(k.index).weight
            guard let stored = StoredReport.decode(try candidates.data(k.index), figures: request.figures) else { continue }
            var hit = Hit(id: stored.id, path: stored.path, year: stored.year, agency: stored.agency, region: stored.region,
                          title: stored.title, score: weight, sections: SectionKey.allCases.filter(k.sections.contains),
                          snippet: "", highlights: [], stored: stored)
            if request.snippets { _ = addSnippet(&hit, compiled) }
            hits.append(hit)
        }
        var facets: [FacetCounts] = []
        for f in request.facets {
            if f == .section {
                var counts = [Int](repeating: 0, count: SectionKey.allCases.count)
                for k in kept { for s in k.sections { counts[s.ordinal] += 1 } }
                facets.append(FacetCounts(facet: .section, counts: SectionKey.allCases.compactMap { key in
                    counts[key.ordinal] > 0 ? (key.rawValue, counts[key.ordinal]) : nil
                }))
            } else if let slot = IndexSchema.facetSlot(f) {
                var byValue: [String: Int] = [:]
                for k in kept { byValue[String(decoding: try db.value(k.docid, slot: slot), as: UTF8.self), default: 0] += 1 }
                byValue[""] = nil
                // As from a spy: most frequent first, equal counts in byte order of the value.
                var counts = byValue.map { (value: $0.key, count: $0.value) }.sorted { Array($0.value.utf8).lexicographicallyPrecedes($1.value.utf8) }
                if f != .year {
                    counts.sort { $0.count > $1.count }
                    if let n = request.facetLimit, counts.count > n { counts.removeSubrange(n...) }
                }
                facets.append(FacetCounts(facet: f, counts: counts))
            }
        }
        return SearchResult(query: request.query, total: kept.count, offset: request.offset,
                            limit: request.limit, hits: hits, facets: facets)
    }

    /// Cuts the hit's passage and, when its file is the one indexed (same size
    /// and modification time) and its headings stand on separate lines,
    /// returns the sections the query matched in, placed from the text's matches.
    private func addSnippet(_ hit: inout Hit, _ compiled: CompiledQuery) -> Set<SectionKey>? {
        guard let (s, file) = Self.snippet(path: hit.path, compiled) else { return nil }
        hit.snippet = s.text
        hit.highlights = s.highlights
        guard let file, compiled.hasText, !s.matchLines.isEmpty, hit.stored.size == file.size, hit.stored.mtime == file.mtime
        else { return nil }
        return Self.sections(atLines: s.matchLines, hit.stored.sections)
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
        let report = ReportReader.parse(text: text, path: path)
        let allowed = report.sections.filter { compiled.sections.contains($0.key) }.map { $0.start..<$0.end }
        return (Snippet.make(text: text, patterns: patterns, allowed: allowed), nil)
    }

    /// The sections holding the given lines: a section runs from its heading
    /// line to the next heading. Nil when two headings share a line.
    static func sections(atLines lines: [Int], _ sections: [StoredReport.StoredSection]) -> Set<SectionKey>? {
        guard !sections.isEmpty else { return nil }
        for k in 1..<sections.count where sections[k].line <= sections[k - 1].line { return nil }
        var out = Set<SectionKey>()
        var k = -1
        for line in lines {  // in text order
            while k + 1 < sections.count && sections[k + 1].line <= line { k += 1 }
            if k >= 0 { out.insert(sections[k].key) }
        }
        return out
    }
}
