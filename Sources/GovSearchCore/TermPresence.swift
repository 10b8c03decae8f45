import XapianKit

/// Which terms the index holds, asked once per term and remembered until the database is
/// reopened: a word's section forms that no report has are left out of its query, so Xapian
/// opens (on every pass of a search) only the posting lists that exist.
final class TermPresence {
    let db: Database
    private var known: [[UInt8]: Bool] = [:]

    init(_ db: Database) { self.db = db }

    func contains(_ term: [UInt8]) throws -> Bool {
        if let k = known[term] { return k }
        let present = try db.termFrequency(String(decoding: term, as: UTF8.self)) > 0
        if known.count > 100_000 { known.removeAll(keepingCapacity: true) }
        known[term] = present
        return present
    }

    /// Forget everything (the database changed).
    func reset() { known.removeAll() }
}
