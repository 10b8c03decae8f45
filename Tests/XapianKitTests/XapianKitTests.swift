import Foundation
import XCTest
import TestSupport
import CXapian
@testable import XapianKit

final class XapianKitTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        // Database(writableAt:) creates the directory itself: give it a path inside a fresh one.
        dir = try TempDir.make("xapiankit") + "/db"
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }

    private func addDoc(_ db: Database, _ id: String, _ terms: [String], year: String) throws {
        let doc = try Document()
        for (i, t) in terms.enumerated() { try doc.addPosting(t, position: UInt32(i + 1)) }
        try doc.addBooleanTerm("Q" + id)
        try doc.setValue(0, year)
        try doc.setData(Array(id.utf8))
        try db.replaceDocument(uniqueTerm: "Q" + id, doc)
    }

    func testIndexSearchPhraseAndFacets() throws {
        let w = try Database(writableAt: dir)
        try addDoc(w, "a", ["政府", "府信", "信息"], year: "2020")
        try addDoc(w, "b", ["信息", "政府", "府信"], year: "2019")
        try addDoc(w, "c", ["政府"], year: "2020")
        try w.commit()
        try w.close()

        let db = try Database(path: dir)
        XCTAssertEqual(try db.documentCount(), 3)
        let phrase = try Query(.phrase, [Query(term: "政府"), Query(term: "府信"), Query(term: "信息")], window: 3)
        let enq = try Enquire(db)
        try enq.setQuery(phrase)
        let spy = try enq.addValueCountSpy(slot: 0)
        let m = try enq.matches(first: 0, maximum: 10, checkAtLeast: 3)
        XCTAssertEqual(m.matchesEstimated, 1)
        XCTAssertEqual(String(decoding: try m.data(0), as: UTF8.self), "a")
        XCTAssertEqual(try spy.values().map { "\($0.value)=\($0.count)" }, ["2020=1"])

        // AND of the same terms matches b as well: order matters only in the phrase.
        let and = try Query(.and, [Query(term: "政府"), Query(term: "信息")])
        try enq.setQuery(and)
        XCTAssertEqual(try enq.matches(first: 0, maximum: 10, checkAtLeast: 3).matchesEstimated, 2)
    }

    func testWildcardValueRangeSynonymAndPositions() throws {
        let w = try Database(writableAt: dir)
        try addDoc(w, "a", ["政府", "府"], year: "2020")
        try addDoc(w, "b", ["政策"], year: "2021")
        try addDoc(w, "c", ["信息"], year: "2022")
        try w.commit()
        let enq = try Enquire(w)
        func ids(_ q: Query) throws -> Set<UInt32> {
            try enq.setQuery(q)
            let m = try enq.matches(first: 0, maximum: 10, checkAtLeast: 3)
            return Set(try (0..<m.count).map { try m.item($0).docid })
        }
        XCTAssertEqual(try ids(Query(wildcard: "政")), [1, 2])
        // Values compare as bytes, both ends included.
        XCTAssertEqual(try ids(Query(valueIn: 0, from: "2021", to: "2022")), [2, 3])
        XCTAssertEqual(try ids(Query(.filter, [Query(wildcard: "政"), Query(valueIn: 0, from: "2021", to: "2021")])), [2])
        XCTAssertEqual(try ids(Query(.synonym, [Query(term: "政策"), Query(term: "信息")])), [2, 3])
        XCTAssertEqual(try w.positions(1, term: Array("府".utf8)), [2])
        XCTAssertEqual(try w.documentTerms(1, prefix: Array("政".utf8)).map { String(decoding: $0, as: UTF8.self) }, ["政府"])
    }

    /// A slot's values in docid order, as `value(_:slot:)` gives them one by one; a deleted
    /// document and one without the value are left out, and the uncommitted batch is seen.
    func testForEachValueWalksTheSlot() throws {
        let w = try Database(writableAt: dir)
        for (id, year) in [("a", "2020"), ("b", "2021"), ("c", "2022"), ("d", "2023")] { try addDoc(w, id, ["x"], year: year) }
        let bare = try Document()
        try bare.addBooleanTerm("Qe")
        try w.replaceDocument(uniqueTerm: "Qe", bare)
        try w.deleteDocuments(uniqueTerm: "Qb")
        var seen: [(UInt32, String)] = []
        try w.forEachValue(slot: 0) { seen.append(($0, String(decoding: $1, as: UTF8.self))) }
        XCTAssertEqual(seen.map(\.0), [1, 3, 4])
        XCTAssertEqual(seen.map(\.1), ["2020", "2022", "2023"])
        for (docid, value) in seen { XCTAssertEqual(String(decoding: try w.value(docid, slot: 0), as: UTF8.self), value) }
        try w.commit()
        var count = 0
        try w.forEachValue(slot: 7) { _, _ in count += 1 }
        XCTAssertEqual(count, 0, "a slot no document uses")
    }

    func testReplaceDeleteAndMetadata() throws {
        let w = try Database(writableAt: dir)
        try addDoc(w, "a", ["x"], year: "2020")
        try addDoc(w, "a", ["y"], year: "2021")
        try w.setMetadata("F:a", "record")
        try w.commit()
        XCTAssertEqual(try w.documentCount(), 1)
        XCTAssertEqual(try w.termFrequency("x"), 0)
        XCTAssertEqual(try w.metadataKeys(prefix: "F:"), ["F:a"])
        try w.deleteDocuments(uniqueTerm: "Qa")
        try w.commit()
        XCTAssertEqual(try w.documentCount(), 0)
    }

    func testErrorsAreThrownNotFatal() throws {
        XCTAssertThrowsError(try Database(path: dir + "/missing")) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .opening)
        }
        let w = try Database(writableAt: dir)
        XCTAssertThrowsError(try Database(writableAt: dir)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .locked)
        }
        let doc = try Document()
        XCTAssertThrowsError(try doc.addPosting("", position: 1))
        XCTAssertThrowsError(try doc.addPosting(String(repeating: "a", count: 246), position: 1))
        XCTAssertThrowsError(try w.document(99)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .notFound)
        }
    }

    func testSortableNumbersKeepOrder() throws {
        let a = SortableNumber.encode(3), b = SortableNumber.encode(250)
        XCTAssertTrue(a.lexicographicallyPrecedes(b))
        XCTAssertEqual(try SortableNumber.decode(b), 250)
    }

    /// Kinds come from the exception's class, so a subclass counts as its base: a closed
    /// database's DatabaseClosedError is a database error (it was "other" while kinds were
    /// decided by comparing type names).
    func testErrorKindsFollowXapiansClasses() throws {
        let w = try Database(writableAt: dir)
        try addDoc(w, "a", ["x"], year: "2020")
        try w.commit()
        try w.close()
        let r = try Database(path: dir)
        try r.close()
        XCTAssertThrowsError(try r.document(1)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .database)
            XCTAssertEqual((e as? XapianError)?.message, "DatabaseClosedError: Database has been closed")
        }
        // DatabaseNotFoundError is a DatabaseOpeningError.
        XCTAssertThrowsError(try Database(writableAt: dir + "/missing", mode: .existing)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .opening)
            XCTAssertTrue((e as? XapianError)?.message.hasPrefix("DatabaseNotFoundError: ") == true, "\(e)")
        }
        let held = try Database(writableAt: dir, mode: .existing)
        XCTAssertThrowsError(try Database(writableAt: dir, mode: .existing)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .locked)
            XCTAssertTrue((e as? XapianError)?.message.hasPrefix("DatabaseLockError: ") == true, "\(e)")
            XCTAssertEqual((e as? XapianError)?.code, Int(CX_ERR_LOCK.rawValue))
        }
        try held.close()
    }

    /// Swift's kinds mirror the shim's statuses one to one.
    func testEveryKindHasItsOwnStatus() {
        let statuses = XapianError.Kind.allCases.map(\.status.rawValue)
        XCTAssertEqual(Set(statuses).count, XapianError.Kind.allCases.count)
        XCTAssertFalse(statuses.contains(CX_OK.rawValue))
        for kind in XapianError.Kind.allCases { XCTAssertEqual(XapianError.Kind(kind.status), kind) }
    }

    /// A query Xapian refuses to build throws its message (no NULL handle, no trap).
    func testQueryConstructorsThrowXapiansMessage() throws {
        let parts = [try Query(term: "a"), try Query(term: "b")]
        XCTAssertThrowsError(try Query(.and, parts, window: 3)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .invalidArgument)
            XCTAssertEqual((e as? XapianError)?.message,
                           "InvalidArgumentError: parameter only valid with OP_NEAR, OP_PHRASE or OP_ELITE_SET")
        }
        XCTAssertThrowsError(try parts[0].scaled(by: -1)) { e in
            XCTAssertEqual((e as? XapianError)?.message, "InvalidArgumentError: OP_SCALE_WEIGHT requires factor >= 0")
        }
        XCTAssertEqual(try Query(.phrase, parts, window: 2).description, "Query((a PHRASE 2 b))")
    }

    /// Metadata keys are (pointer, length) like everything Xapian stores: a NUL inside one no longer cuts it short.
    func testMetadataKeysKeepEveryByte() throws {
        let w = try Database(writableAt: dir)
        try w.setMetadata("k\u{0}1", "one")
        try w.setMetadata("k\u{0}2", "two")
        XCTAssertEqual(try w.metadata("k\u{0}1"), "one")
        XCTAssertEqual(try w.metadata("k\u{0}2"), "two")
        XCTAssertEqual(try w.metadata("k"), "")
        XCTAssertEqual(try w.metadataKeys(prefix: "k\u{0}"), ["k\u{0}1", "k\u{0}2"])
        XCTAssertThrowsError(try Database(path: dir + "\u{0}/elsewhere")) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .invalidArgument)
        }
    }
}
