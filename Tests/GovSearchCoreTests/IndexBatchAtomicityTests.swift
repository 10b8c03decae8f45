import Foundation
@testable import GovSearchCore
import TestSupport
@testable import XapianKit
import XCTest

/// Each indexer batch is one Xapian transaction: a failure between a report's document and its
/// file record leaves the index exactly at its last commit (without the transaction, releasing
/// the database would commit the document without its record, and the next run would add it
/// a second time), and the next run finishes the job with no report twice.
final class IndexBatchAtomicityTests: XCTestCase {
    struct Injected: Error {}

    /// What a reader sees of one database: its last commit.
    struct Snapshot {
        var documents: Int
        /// Every term with its document frequency.
        var terms: [String: Int]
        /// Every file record, by key.
        var records: [String: String]

        var ids: [String: Int] { terms.filter { $0.key.hasPrefix(IndexSchema.idPrefix) } }

        init(_ path: String) throws {
            let db = try Database(path: path)
            documents = try db.documentCount()
            terms = Dictionary(uniqueKeysWithValues: try db.allTerms(prefix: "").map { ($0.term, $0.frequency) })
            records = [:]
            for key in try db.metadataKeys(prefix: IndexSchema.fileRecordPrefix) { records[key] = try db.metadata(key) }
        }
    }

    /// Set from the writer's threads, read by the test afterwards.
    final class Locked<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: T
        init(_ value: T) { self.value = value }
        func update<R>(_ body: (inout T) throws -> R) rethrows -> R { lock.lock(); defer { lock.unlock() }; return try body(&value) }
        var current: T { update { $0 } }
    }

    /// The same commit: documents, records, and every term with its frequency (a short message when not).
    private func assertSame(_ a: Snapshot, _ b: Snapshot, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.documents, b.documents, what, file: file, line: line)
        XCTAssertEqual(a.records, b.records, what, file: file, line: line)
        let differing = Set(a.terms.keys).union(b.terms.keys).filter { a.terms[$0] != b.terms[$0] }
        XCTAssertTrue(differing.isEmpty, "\(what): \(differing.count) terms differ, e.g. \(differing.sorted().prefix(5))",
                      file: file, line: line)
    }

    /// Every report id once, each with a file record, and as many documents as records.
    private func assertConsistent(_ s: Snapshot, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(s.documents, s.records.count, "one file record per document", file: file, line: line)
        XCTAssertEqual(s.ids.count, s.documents, file: file, line: line)
        XCTAssertEqual(s.ids.filter { $0.value != 1 }, [:], "no report id twice", file: file, line: line)
        XCTAssertEqual(Set(s.ids.keys.map { $0.dropFirst(IndexSchema.idPrefix.count) }),
                       Set(s.records.keys.map { $0.dropFirst(IndexSchema.fileRecordPrefix.count) }),
                       "the records are those of the documents", file: file, line: line)
    }

    func testFailureBetweenDocumentAndRecordLeavesTheLastCommit() throws {
        let dir = try temporaryDirectory("atomic")
        let docs = dir + "/docs"
        let truth = try CorpusGenerator.generate(40, into: docs, seed: 11)
        let index = dir + "/index"
        var o = IndexerFixture.options([docs], index)
        o.commitEvery = 10
        let written = Locked(0)
        let atFault = Locked<Snapshot?>(nil)
        o.betweenDocumentAndRecord = { _ in
            // The 25th document: two batches of 10 are committed, the third is half-written.
            guard written.update({ $0 += 1; return $0 }) == 25 else { return }
            atFault.update { $0 = try? Snapshot(index) }
            throw Injected()
        }
        XCTAssertThrowsError(try Indexer(o).run()) { XCTAssertTrue($0 is Injected, "\($0)") }

        let lastCommit = try XCTUnwrap(atFault.current)
        XCTAssertEqual(lastCommit.documents, 20)
        let after = try Snapshot(index)
        assertSame(after, lastCommit, "the index is exactly at its last commit")
        assertConsistent(after)

        let second = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual([second.indexed, second.unchanged, second.removed], [20, 20, 0])
        XCTAssertEqual(second.reports, 40)
        let done = try Snapshot(index)
        XCTAssertEqual(done.documents, 40)
        assertConsistent(done)
        XCTAssertEqual(try IndexProbe.indexedPaths(index), truth.keys.sorted())
    }

    /// Sharded: one writer feeds every shard and commits them together, so a failure leaves each
    /// shard at its last commit; the next run completes.
    func testFailureInOneShardLeavesItAtItsLastCommit() throws {
        let dir = try temporaryDirectory("atomic-shards")
        let docs = dir + "/docs"
        let truth = try CorpusGenerator.generate(40, into: docs, seed: 11)
        let index = dir + "/index"
        var o = IndexerFixture.options([docs], index)
        o.commitEvery = 5
        o.shards = 2
        let paths = [index + "/" + ShardLayout.shardName(0), index + "/" + ShardLayout.shardName(1)]
        let written = Locked(0)
        let atFault = Locked<[Snapshot]>([])
        o.betweenDocumentAndRecord = { _ in
            // The third document of the third batch.
            guard written.update({ $0 += 1; return $0 }) == 13 else { return }
            atFault.update { $0 = paths.compactMap { try? Snapshot($0) } }
            throw Injected()
        }
        XCTAssertThrowsError(try Indexer(o).run()) { XCTAssertTrue($0 is Injected, "\($0)") }

        let lastCommit = atFault.current
        XCTAssertEqual(lastCommit.count, 2)
        XCTAssertEqual(lastCommit.map(\.documents).reduce(0, +), 10, "two batches of 5 committed")
        for (p, snapshot) in zip(paths, lastCommit) {
            assertSame(try Snapshot(p), snapshot, "\(p) is exactly at its last commit")
            assertConsistent(snapshot)
        }

        let second = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(second.reports, 40)
        XCTAssertEqual(second.indexed, 30)
        for p in paths { assertConsistent(try Snapshot(p)) }
        XCTAssertEqual(try IndexProbe.indexedPaths(index), truth.keys.sorted())
    }

    /// A batch ends at `commitEvery` files or sooner, when its documents hold `batchTermLimit` terms
    /// (Xapian keeps them in memory until the commit): long reports commit sooner, whatever
    /// the file count. What a reader sees mid-run says which commits were made.
    func testABatchEndsWhenItsDocumentsHoldTheTermLimit() throws {
        let dir = try temporaryDirectory("term-limit")
        let docs = dir + "/docs"
        _ = try CorpusGenerator.generate(40, into: docs, seed: 12)
        for (limit, committedAt20, commits) in [(Indexer.Options.batchTerms(megabytes: 128), 0, 1), (2_000, 16, 6)] {
            let index = dir + "/index-\(limit)"
            var o = IndexerFixture.options([docs], index)
            o.commitEvery = 1000
            o.chunkSize = 8
            o.batchTermLimit = limit
            let written = Locked(0)
            let seen = Locked<Int?>(nil)
            o.betweenDocumentAndRecord = { _ in
                guard written.update({ $0 += 1; return $0 }) == 20 else { return }
                seen.update { $0 = try? Snapshot(index).documents }
            }
            let summary = try Indexer(o).run()
            XCTAssertEqual(seen.current, committedAt20, "limit \(limit): documents committed when the 20th is written")
            XCTAssertEqual(summary.commits, commits, "limit \(limit)")
            XCTAssertEqual(summary.reports, 40)
            assertConsistent(try Snapshot(index))
        }
    }
}
