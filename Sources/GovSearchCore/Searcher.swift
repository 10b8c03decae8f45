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
        case let .year(d): return (IndexSchema.yearSlot, d)
        case let .agency(d): return (IndexSchema.agencySlot, d)
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
    /// Place a hit's matches in sections from its text when it is the indexed
    /// text (false: always from the index's positions; the tests compare both).
    var sectionsFromText = true
    /// Place the section facet's matches in one pass after matching (false:
    /// document by document while matching; the tests compare both).
    var placesSectionsAfterMatching = true
    /// How many hits had their sections placed from the text (for the tests).
    private(set) var sectionsPlacedFromText = 0

    /// Shards left out by `allowPartial` (each named, with why): the answer covers the others only.
    public let missingShards: [String]
    /// Shards searched as one (1: a single database).
    let shardCount: Int
    /// Some shard is served by xapian-tcpsrv: Xapian 1.4 then refuses a match decider.
    let hasRemoteShards: Bool

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
            shardCount = layout.isStub ? layout.shards.count - missingShards.count : 1
            hasRemoteShards = layout.shards.contains { if case .remote = $0 { return true } else { return false } }
        } catch let e as GovSearchError { throw e } catch { throw GovSearchError.wrap(error, index: indexPath) }
    }

    /// A match decider given each candidate's docid (of the shards searched as one) and its
    /// section ranges value.
    func setSectionsDecider(_ enquire: Enquire, _ decide: @escaping (UInt32, [UInt8]) -> Bool) throws {
        try enquire.setDecider(valueSlot: IndexSchema.sectionsSlot, shards: shardCount, shardSlot: IndexSchema.shardSlot, decide)
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
        let compiled = try QueryCompiler.compile(request.query, db: db)
        let enquire = try Enquire(db)
        try enquire.setQuery(compiled.xapian)
        try enquire.useBM25()
        if case let (slot?, descending) = request.sort.valueSlot {
            try enquire.setSort(.valueThenRelevance(slot: slot, descending: descending))
        }
        var spies: [(Facet, ValueCountSpy)] = []
        for f in request.facets {
            if let slot = IndexSchema.facetSlot(f) { spies.append((f, try enquire.addValueCountSpy(slot: slot))) }
        }
        let wantSections = request.facets.contains(.section)
        let matcher = DocumentMatcher(db: db, compiled: compiled)
        var sectionCounts: [SectionKey: Int] = [:]
        var sectionsByDoc: [UInt32: Set<SectionKey>] = [:]  // from the decider, reused for the page
        var deciderError: Error?
        // The section facet of an exactly matched query: collected now, placed after matching.
        var placer = wantSections && placesSectionsAfterMatching ? try SectionPlacer(compiled, db: db) : nil
        if placer != nil {
            try setSectionsDecider(enquire) { docid, sectionsValue in
                placer!.add(docid, sectionsValue: sectionsValue)
                return true
            }
        } else if compiled.needsExactCheck || wantSections {
            let exact = compiled.needsExactCheck
            try setSectionsDecider(enquire) { docid, sectionsValue in
                do {
                    let r = try matcher.evaluate(docid, sectionsValue: sectionsValue)
                    if exact && !r.accepted { return false }
                    if wantSections { for k in r.sections { sectionCounts[k, default: 0] += 1 } }
                    sectionsByDoc[docid] = r.sections
                    return true
                } catch {
                    deciderError = error
                    return false
                }
            }
        }
        let doccount = try db.documentCount()
        let mset = try enquire.matches(first: request.offset, maximum: request.limit, checkAtLeast: max(doccount, 1))
        if let deciderError { throw deciderError }
        if let placer, !placer.ascending {  // never seen; kept correct, not fast
            for docid in placer.docids { for k in try matcher.evaluate(docid).sections { sectionCounts[k, default: 0] += 1 } }
        } else if let placer {
            let placed = try placer.place(in: db)
            var counts = [Int](repeating: 0, count: SectionKey.allCases.count)
            for bits in placed {
                var b = bits
                while b != 0 { counts[b.trailingZeroBitCount] += 1; b &= b - 1 }
            }
            for i in placer.unplaced {
                for k in try matcher.evaluate(placer.docids[i]).sections { counts[k.ordinal] += 1 }
            }
            for (k, n) in zip(SectionKey.allCases, counts) where n > 0 { sectionCounts[k] = n }
            // The page's hits: their sections are known now.
            for i in 0..<mset.count {
                let docid = try mset.item(i).docid
                if let at = Self.index(of: docid, in: placer.docids), !placer.unplaced.contains(at) {
                    sectionsByDoc[docid] = Set(SectionKey.allCases.filter { placed[at] >> UInt16($0.ordinal) & 1 == 1 })
                }
            }
        }

        var hits: [Hit] = []
        for i in 0..<mset.count {
            let (docid, weight) = try mset.item(i)
            guard let stored = StoredReport.decode(try mset.data(i), figures: request.figures) else { continue }
            var hit = Hit(id: stored.id, path: stored.path, year: stored.year, agency: stored.agency, region: stored.region,
                          title: stored.title, score: weight,
                          sections: [], snippet: "", highlights: [], stored: stored)
            var sections = sectionsByDoc[docid]
            if request.snippets {
                let placed = addSnippet(&hit, compiled)
                if sections == nil && sectionsFromText, let placed {
                    sections = placed
                    sectionsPlacedFromText += 1
                }
            }
            let found = try sections ?? matcher.evaluate(docid).sections
            hit.sections = SectionKey.allCases.filter(found.contains)
            hits.append(hit)
        }

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
        return SearchResult(query: request.query, total: mset.matchesEstimated, offset: request.offset,
                            limit: request.limit, hits: hits, facets: facets, missingShards: missingShards)
    }

    /// Cuts the hit's passage and, when its file is the one indexed (same size
    /// and modification time) and its headings stand on separate lines,
    /// returns the sections the query matched in, placed from the text's matches.
    private func addSnippet(_ hit: inout Hit, _ compiled: CompiledQuery) -> Set<SectionKey>? {
        if hit.stored.ocr == true {
            // a scanned PDF: the passage comes from the OCR text the index keeps (sections from positions)
            guard let report = try? report(hit.stored) else { return nil }
            let s = Self.snippet(report: report, compiled)
            hit.snippet = s.text
            hit.highlights = s.highlights
            return nil
        }
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
        return (snippet(report: ReportReader.parse(text: text, path: path), compiled), nil)
    }

    /// The passage of a parsed report, within the sections a `section:` filter names.
    static func snippet(report: Report, _ compiled: CompiledQuery) -> Snippet.Result {
        let patterns = compiled.positive.map { compiled.patterns[$0].normalized }
        let allowed = compiled.sections.isEmpty ? nil
            : report.sections.filter { compiled.sections.contains($0.key) }.map { $0.start..<$0.end }
        return Snippet.make(text: report.text, patterns: patterns, allowed: allowed)
    }

    /// Where `docid` stands in an ascending list.
    static func index(of docid: UInt32, in sorted: [UInt32]) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < docid { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == docid ? lo : nil
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
