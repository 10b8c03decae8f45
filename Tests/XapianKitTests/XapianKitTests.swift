import Foundation
import XCTest
import TestSupport
@testable import XapianKit

final class XapianKitTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        // Database(writableAt:) creates the directory itself: give it a path inside a fresh one.
        dir = try TempDir.make("xapiankit") + "/db"
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }

    private func addDoc(_ db: Database, _ id: String, _ terms: [String], year: String) throws {
        let doc = Document()
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

    func testWildcardAndDeciderAndPositions() throws {
        let w = try Database(writableAt: dir)
        try addDoc(w, "a", ["政府", "府"], year: "2020")
        try addDoc(w, "b", ["政策"], year: "2021")
        try addDoc(w, "c", ["信息"], year: "2021")
        try w.commit()
        let enq = try Enquire(w)
        try enq.setQuery(Query(wildcard: "政"))
        var seen: [UInt32] = []
        var years: [String] = []
        try enq.setDecider(valueSlot: 0) { id, value in
            seen.append(id); years.append(String(decoding: value, as: UTF8.self)); return id != 2
        }
        let m = try enq.matches(first: 0, maximum: 10, checkAtLeast: 3)
        XCTAssertEqual(m.matchesEstimated, 1)
        XCTAssertEqual(Set(seen), [1, 2])
        XCTAssertEqual(Set(years), ["2020", "2021"])
        XCTAssertEqual(try w.positions(1, term: Array("府".utf8)), [2])
        XCTAssertEqual(try w.documentTerms(1, prefix: Array("政".utf8)).map { String(decoding: $0, as: UTF8.self) }, ["政府"])
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
        let doc = Document()
        XCTAssertThrowsError(try doc.addPosting("", position: 1))
        XCTAssertThrowsError(try doc.addPosting(String(repeating: "a", count: 246), position: 1))
        XCTAssertThrowsError(try w.document(99)) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .notFound)
        }
    }

    func testSortableNumbersKeepOrder() {
        let a = SortableNumber.encode(3), b = SortableNumber.encode(250)
        XCTAssertTrue(a.lexicographicallyPrecedes(b))
        XCTAssertEqual(SortableNumber.decode(b), 250)
    }
}
