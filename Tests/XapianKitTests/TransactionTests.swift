import Foundation
import XCTest
import TestSupport
@testable import XapianKit

/// What a writable database commits on its own, and what a transaction keeps from it: Xapian
/// commits pending changes on `close()` and in its destructor (the trap of an error that
/// unwinds past a half-written batch), but cancels a transaction in progress instead.
final class TransactionTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = try TempDir.make("xapiankit-tx") + "/db"
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }

    private func add(_ db: Database, _ id: String) throws {
        let doc = try Document()
        try doc.addPosting("word", position: 1)
        try doc.addBooleanTerm("Q" + id)
        try db.replaceDocument(uniqueTerm: "Q" + id, doc)
        try db.setMetadata("F:" + id, "record of " + id)
    }

    /// What a fresh reader sees: the last commit's ids (from the id terms) and metadata keys.
    private func committed() throws -> (ids: [String], records: [String]) {
        let r = try Database(path: dir)
        return (try r.allTerms(prefix: "Q").map { String($0.term.dropFirst()) }, try r.metadataKeys(prefix: "F:"))
    }

    /// A writer that commits `a`, then is handed to `finish` with `b` pending.
    private func withPending(inTransaction: Bool, _ finish: (Database) throws -> Void) throws {
        let w = try Database(writableAt: dir)
        try add(w, "a")
        try w.commit()
        if inTransaction { try w.beginTransaction() }
        try add(w, "b")
        XCTAssertEqual(try w.documentCount(), 2, "the writer sees its own pending document")
        try finish(w)
    }

    func testCloseWithoutTransactionCommitsPendingChanges() throws {
        try withPending(inTransaction: false) { try $0.close() }
        XCTAssertEqual(try committed().ids, ["a", "b"])
        XCTAssertEqual(try committed().records, ["F:a", "F:b"])
    }

    func testReleasingWritableDatabaseCommitsPendingChanges() throws {
        try withPending(inTransaction: false) { _ in }  // the writer's last reference goes here
        XCTAssertEqual(try committed().ids, ["a", "b"])
        XCTAssertEqual(try committed().records, ["F:a", "F:b"])
        // ... and the lock went with it.
        XCTAssertNoThrow(try Database(writableAt: dir, mode: .existing))
    }

    func testCloseInsideTransactionCancelsIt() throws {
        try withPending(inTransaction: true) { try $0.close() }
        XCTAssertEqual(try committed().ids, ["a"])
        XCTAssertEqual(try committed().records, ["F:a"])
    }

    func testReleasingInsideTransactionCancelsIt() throws {
        try withPending(inTransaction: true) { XCTAssertTrue($0.isInTransaction) }
        XCTAssertEqual(try committed().ids, ["a"])
        XCTAssertEqual(try committed().records, ["F:a"])
        XCTAssertNoThrow(try Database(writableAt: dir, mode: .existing))
    }

    func testCommittedTransactionIsVisibleAndCancelledOneIsNot() throws {
        let w = try Database(writableAt: dir)
        try w.beginTransaction()
        try add(w, "a")
        XCTAssertEqual(try committed().ids, [], "nothing is visible before the transaction commits")
        try w.commitTransaction()
        XCTAssertFalse(w.isInTransaction)
        XCTAssertEqual(try committed().ids, ["a"], "a flushed transaction commits to disk")

        try w.beginTransaction()
        try add(w, "b")
        try w.deleteDocuments(uniqueTerm: "Qa")
        try w.cancelTransaction()
        XCTAssertEqual(try w.documentCount(), 1)
        XCTAssertEqual(try w.allTerms(prefix: "Q").map(\.term), ["Qa"], "the writer itself is back at the commit")
        try w.close()
        XCTAssertEqual(try committed().ids, ["a"])
        XCTAssertEqual(try committed().records, ["F:a"])
    }

    func testTransactionHelperCommitsOrCancels() throws {
        struct Boom: Error {}
        let w = try Database(writableAt: dir)
        try w.transaction { try add(w, "a") }
        XCTAssertThrowsError(try w.transaction { try add(w, "b"); throw Boom() }) { XCTAssertTrue($0 is Boom) }
        XCTAssertFalse(w.isInTransaction)
        try w.close()
        XCTAssertEqual(try committed().ids, ["a"])
    }

    func testDiscardUncommittedChangesOutsideTransaction() throws {
        try withPending(inTransaction: false) { w in
            try w.discardUncommittedChanges()
            XCTAssertFalse(w.isInTransaction)
            XCTAssertEqual(try w.documentCount(), 1)
            try w.close()
        }
        XCTAssertEqual(try committed().ids, ["a"])
        XCTAssertEqual(try committed().records, ["F:a"])
    }

    func testDiscardUncommittedChangesInsideTransaction() throws {
        try withPending(inTransaction: true) { try $0.discardUncommittedChanges() }  // then released
        XCTAssertEqual(try committed().ids, ["a"])
        XCTAssertEqual(try committed().records, ["F:a"])
    }

    func testTransactionMisuseIsAnInvalidOperation() throws {
        let w = try Database(writableAt: dir)
        XCTAssertThrowsError(try w.commitTransaction()) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .invalidArgument)
            XCTAssertTrue("\(e)".contains("InvalidOperationError"), "\(e)")
        }
        try w.beginTransaction()
        XCTAssertThrowsError(try w.beginTransaction()) { e in
            XCTAssertEqual((e as? XapianError)?.kind, .invalidArgument)
        }
        let r = try Database(path: dir)
        XCTAssertThrowsError(try r.beginTransaction()) { e in
            XCTAssertEqual((e as? XapianError)?.message, "InvalidOperationError: database is read-only")
        }
    }
}
