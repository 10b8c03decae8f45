import Foundation
@testable import GovSearchCore
import TestSupport
import XapianKit
import XCTest

/// An index written by a govsearch of another layout is refused by `index`
/// (its documents would be mixed with new ones) until `--rebuild`.
final class SchemaVersionTests: XCTestCase {
    /// Sets an index's metadata key as an older govsearch would have left it.
    func replaceMetadata(_ index: String, _ key: String, expecting current: String, with old: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let db = try Database(writableAt: index)
        XCTAssertEqual(try db.metadata(key), current, file: file, line: line)
        try db.setMetadata(key, old)
        try db.commit()
        try db.close()
    }

    func testAnIndexOfAnotherSchemaNeedsARebuild() throws {
        let dir = try temporaryDirectory("schema")
        let index = dir + "/index"
        let options = Indexer.Options(roots: [TestPaths.fixtures], indexPath: index)
        _ = try Indexer(options).run()
        try replaceMetadata(index, IndexSchema.schemaKey, expecting: IndexSchema.schemaVersion, with: "2")
        XCTAssertThrowsError(try Indexer(options).run()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("schema 2") && text.contains("--rebuild"), text)
        }
        // Searching it would answer wrongly (another term layout): refused in one line too.
        XCTAssertThrowsError(try Searcher(indexPath: index)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("schema 2") && text.contains("--rebuild") && !text.contains("\n"), text)
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
        try replaceMetadata(index, IndexSchema.readerKey, expecting: IndexSchema.readerVersion, with: "1")
        let again = try Indexer(options).run()
        XCTAssertEqual([again.indexed, again.unchanged, again.reports, again.files], [first.indexed, 0, first.reports, first.files])
        XCTAssertEqual(try Database(path: index).metadata(IndexSchema.readerKey), IndexSchema.readerVersion)
        XCTAssertEqual(try Indexer(options).run().indexed, 0)
    }
}
