import Foundation
import XapianKit

/// Lookups by report id, for the HTTP service (`GET /api/reports/{id}`).
extension Searcher {
    /// True when `id` has the shape of a report id (16 lower-case hex digits).
    public static func isReportID(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The stored record of the report with this id, or nil when the index has none.
    /// The id is only ever used as a term; it never becomes a path.
    public func storedReport(id: String) throws -> StoredReport? {
        guard Searcher.isReportID(id) else { return nil }
        do {
            return try lookup(id)
        } catch let e as XapianError where e.kind == .modified {
            try reopen()
            return try lookup(id)
        } catch let e as XapianError {
            throw GovSearchError.wrap(e, index: indexPath)
        }
    }

    private func lookup(_ id: String) throws -> StoredReport? { try report(withTerm: IndexSchema.idPrefix + id) }

    /// The report one of whose files has this file id (its primary or a copy).
    public func storedReport(file: String) throws -> StoredReport? { try report(withTerm: IndexSchema.filePrefix + file) }

    /// The one report holding a boolean term (an id or file term).
    private func report(withTerm term: String) throws -> StoredReport? {
        let enquire = try Enquire(db)
        try enquire.setQuery(Query(term: term))
        try enquire.useBooleanWeighting()
        let mset = try enquire.matches(first: 0, maximum: 1, checkAtLeast: 1)
        guard mset.count > 0 else { return nil }
        return StoredReport.decode(try mset.data(0))
    }
}
