import Segmentation
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

    /// The index's terms that are `lead` (a prefix and one ideograph) alone or followed by one
    /// more ideograph: the unigram and the bigrams a run starting with that character begins with.
    func expansion(of lead: [UInt8]) throws -> [[UInt8]] {
        if let e = expansions[lead] { return e }
        let terms = try db.allTerms(prefix: String(decoding: lead, as: UTF8.self)).compactMap { t -> [UInt8]? in
            let bytes = Array(t.term.utf8)
            let rest = String(decoding: bytes.dropFirst(lead.count), as: UTF8.self).unicodeScalars
            return rest.isEmpty || (rest.count == 1 && Normalizer.isCJK(rest.first!)) ? bytes : nil
        }
        if expansions.count > 10_000 { expansions.removeAll(keepingCapacity: true) }
        expansions[lead] = terms
        return terms
    }
    private var expansions: [[UInt8]: [[UInt8]]] = [:]

    /// Forget everything (the database changed).
    func reset() { known.removeAll(); expansions.removeAll() }
}
