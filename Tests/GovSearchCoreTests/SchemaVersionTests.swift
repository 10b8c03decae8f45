import Foundation
@testable import GovSearchCore
import TestSupport
import XapianKit
import XCTest

/// An index written by a govsearch of another layout is refused by `index`
/// (its documents would be mixed with new ones) until `--rebuild`.
final class SchemaVersionTests: XCTestCase {
    func testAnIndexOfAnotherSchemaNeedsARebuild() throws {
        let dir = try temporaryDirectory("schema")
        let index = dir + "/index"
        let options = Indexer.Options(roots: [TestPaths.fixtures], indexPath: index)
        _ = try Indexer(options).run()
        do {
            let db = try Database(writableAt: index)
            XCTAssertEqual(try db.metadata(IndexSchema.schemaKey), IndexSchema.schemaVersion)
            try db.setMetadata(IndexSchema.schemaKey, "2")
            try db.commit()
            try db.close()
        }
        XCTAssertThrowsError(try Indexer(options).run()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("schema 2") && text.contains("--rebuild"), text)
        }
        var rebuild = options
        rebuild.rebuild = true
        let summary = try Indexer(rebuild).run()
        XCTAssertEqual(summary.indexed, try TestPaths.fixtureNames().count)
        XCTAssertEqual(try Database(path: index).metadata(IndexSchema.schemaKey), IndexSchema.schemaVersion)
    }

    /// An index read by another version of the reader is read again in full by the next run, no
    /// `--rebuild` needed: no report keeps a figure the current reader would not give.
    func testAnotherReaderVersionReadsEveryFileAgain() throws {
        let dir = try temporaryDirectory("reader")
        let index = dir + "/index"
        let options = Indexer.Options(roots: [TestPaths.fixtures], indexPath: index)
        let first = try Indexer(options).run()
        XCTAssertEqual([try Indexer(options).run().indexed, try Indexer(options).run().unchanged], [0, first.indexed])
        do {
            let db = try Database(writableAt: index)
            XCTAssertEqual(try db.metadata(IndexSchema.readerKey), IndexSchema.readerVersion)
            try db.setMetadata(IndexSchema.readerKey, "1")
            try db.commit()
            try db.close()
        }
        let again = try Indexer(options).run()
        XCTAssertEqual([again.indexed, again.unchanged, again.reports, again.files], [first.indexed, 0, first.reports, first.files])
        XCTAssertEqual(try Database(path: index).metadata(IndexSchema.readerKey), IndexSchema.readerVersion)
        XCTAssertEqual(try Indexer(options).run().indexed, 0)
    }
}
