import Foundation
@testable import GovSearchCore
@testable import XapianKit

/// Reading an index for the tests: what it holds, straight from Xapian, and
/// every hit of a query (no limit that could hide one).
public enum IndexProbe {
    /// Paths of every hit, without snippets or facets.
    public static func hits(_ index: String, _ query: String) throws -> Set<String> {
        let s = try Searcher(indexPath: index)
        var req = SearchRequest(query: query)
        req.limit = 100_000
        req.snippets = false
        req.facets = []
        return Set(try s.search(req).hits.map(\.path))
    }

    /// The paths the index holds, sorted, read from the stored documents with Foundation's JSON.
    public static func indexedPaths(_ index: String) throws -> [String] {
        let db = try Database(path: index)
        var out: [String] = []
        let last = try db.lastDocumentID()
        if last == 0 { return [] }
        for id in 1...last {
            guard let doc = try? db.document(id) else { continue }
            out.append(try JSON.object(Data(try doc.data()))["path"] as! String)
        }
        return out.sorted()
    }

    /// How many per-file records the index keeps.
    public static func fileRecordCount(_ index: String) throws -> Int {
        try Database(path: index).metadataKeys(prefix: IndexSchema.fileRecordPrefix).count
    }
}
