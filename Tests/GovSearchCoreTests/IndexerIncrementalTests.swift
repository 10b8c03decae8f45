import Foundation
@testable import GovSearchCore
@testable import Reports
import TestSupport
@testable import XapianKit
import XCTest

/// Indexer options for the tests: small commits, so every run commits several times.
enum IndexerFixture {
    static func options(_ roots: [String], _ index: String) -> Indexer.Options {
        var o = Indexer.Options(roots: roots, indexPath: index)
        o.commitEvery = 25
        return o
    }
}

final class IndexerIncrementalTests: XCTestCase {
    func testMovedFileIsReKeyedAndStaysSearchableByPhrase() throws {
        let dir = try temporaryDirectory("move")
        let docs = dir + "/docs"
        let truth = try CorpusGenerator.generate(40, into: docs, seed: 11)
        let index = dir + "/index"
        // A phrase only one file holds (checked by a naive scan below).
        let victim = truth.keys.sorted()[5]
        let marker = "这是一段用于检验移动文件的独特标记句子"
        let original = try String(contentsOfFile: victim, encoding: .utf8)
        try (original + "\n" + marker + "。\n").write(toFile: victim, atomically: true, encoding: .utf8)

        let first = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(first.indexed, 40)
        XCTAssertEqual(try IndexProbe.hits(index, "\"\(marker)\""), [victim])

        let moved = docs + "/elsewhere/renamed.txt"
        try FileManager.default.createDirectory(atPath: docs + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: victim, toPath: moved)
        let second = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(second.moved, 1, "the move is noticed by its content hash")
        XCTAssertEqual(second.indexed, 0, "nothing is re-tokenized")
        XCTAssertEqual(second.removed, 0)
        XCTAssertEqual(second.unchanged, 39)
        XCTAssertEqual(second.reports, 40)

        // Phrase search needs positions: they came along with the document.
        XCTAssertEqual(try IndexProbe.hits(index, "\"\(marker)\""), [moved])
        let paths = try IndexProbe.indexedPaths(index)
        XCTAssertEqual(paths.count, 40)
        XCTAssertTrue(paths.contains(moved))
        XCTAssertFalse(paths.contains(victim))
        XCTAssertEqual(try IndexProbe.fileRecordCount(index), 40)
        // The moved report keeps its id (CONTRACT: ids survive while a file remains); its file term is the new path's.
        let db = try Database(path: index)
        XCTAssertEqual(try db.termFrequency(IndexSchema.idPrefix + ReportID.make(forRealPath: victim)), 1)
        XCTAssertEqual(try db.termFrequency(IndexSchema.filePrefix + ReportID.make(forRealPath: moved)), 1)
        XCTAssertEqual(try db.termFrequency(IndexSchema.filePrefix + ReportID.make(forRealPath: victim)), 0)

        // A third run has nothing to do.
        let third = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual([third.indexed, third.moved, third.removed, third.unchanged], [0, 0, 0, 40])
    }

    func testChangedDeletedAndAddedFiles() throws {
        let dir = try temporaryDirectory("incr")
        let docs = dir + "/docs"
        let truth = try CorpusGenerator.generate(30, into: docs, seed: 11)
        let index = dir + "/index"
        _ = try Indexer(IndexerFixture.options([docs], index)).run()
        let files = truth.keys.sorted()

        let changed = files[0]
        let marker = "修改之后新增加的检验句子内容"
        try (try String(contentsOfFile: changed, encoding: .utf8) + marker).write(toFile: changed, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: files[1])
        try FileManager.default.removeItem(atPath: files[2])
        let copy = docs + "/copy.txt"
        try FileManager.default.copyItem(atPath: files[3], toPath: copy)
        // Touched without a change: read and hashed, not re-tokenized.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: files[4])

        let s = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(s.indexed, 2, "the changed file and the copy")
        XCTAssertEqual(s.copies, 1, "the byte copy is a copy of its original's report")
        XCTAssertEqual(s.removed, 2)
        XCTAssertEqual(s.moved, 0, "a copy whose original is still there is not a move")
        XCTAssertEqual(s.unchanged, 27)
        XCTAssertEqual(s.reports, 28)
        XCTAssertEqual(s.files, 29)
        XCTAssertEqual(try IndexProbe.hits(index, "\"\(marker)\""), [changed])
        // The original stays the primary (same rank: the path decides).
        let paths = try IndexProbe.indexedPaths(index)
        XCTAssertEqual(paths, files.filter { $0 != files[1] && $0 != files[2] }.sorted())
        XCTAssertEqual(try IndexProbe.fileRecordCount(index), 29)

        // --rebuild starts over: every file read and indexed again.
        var o = IndexerFixture.options([docs], index)
        o.rebuild = true
        let r = try Indexer(o).run()
        XCTAssertEqual([r.indexed, r.unchanged, r.reports, r.files], [29, 0, 28, 29])
    }

    func testSameFileFromTwoWorkingDirectoriesAndALinkIsOneReport() throws {
        let dir = try temporaryDirectory("cwd")
        try CorpusGenerator.generate(12, into: dir + "/a/docs", seed: 11)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/a")
        let index = dir + "/index"
        let fm = FileManager.default
        let saved = fm.currentDirectoryPath
        defer { fm.changeCurrentDirectoryPath(saved) }

        fm.changeCurrentDirectoryPath(dir + "/a")
        let first = try Indexer(IndexerFixture.options(["docs"], index)).run()
        XCTAssertEqual(first.indexed, 12)
        fm.changeCurrentDirectoryPath(dir)
        let second = try Indexer(IndexerFixture.options(["a/docs"], index)).run()
        XCTAssertEqual([second.indexed, second.unchanged, second.reports], [0, 12, 12])
        fm.changeCurrentDirectoryPath(dir + "/link")
        let third = try Indexer(IndexerFixture.options(["./docs/../docs"], index)).run()
        XCTAssertEqual([third.indexed, third.unchanged, third.reports], [0, 12, 12])
        XCTAssertEqual(Set(try IndexProbe.indexedPaths(index)).count, 12)
    }

    func testCommitIntervalsGiveTheSameIndex() throws {
        let dir = try temporaryDirectory("commit")
        let truth = try CorpusGenerator.generate(50, into: dir + "/docs", seed: 11)
        var answers: [[String]] = []
        for every in [1, 7, 1000] {
            var o = IndexerFixture.options([dir + "/docs"], dir + "/index\(every)")
            o.commitEvery = every
            o.chunkSize = 5
            let s = try Indexer(o).run()
            XCTAssertEqual(s.reports, 50)
            answers.append(try IndexProbe.indexedPaths(dir + "/index\(every)"))
        }
        XCTAssertEqual(answers[0], truth.keys.sorted())
        XCTAssertEqual(answers[1], answers[0])
        XCTAssertEqual(answers[2], answers[0])
    }
}

final class IndexerBadInputTests: XCTestCase {
    func testBadFilesAreSkippedWithTheirCause() throws {
        let dir = try temporaryDirectory("bad")
        let docs = dir + "/docs"
        let truth = try CorpusGenerator.generate(10, into: docs, seed: 11)
        let fm = FileManager.default
        // Another report for the invalid file (made of one of these, it would be its copy).
        let other = try CorpusGenerator.generate(11, into: dir + "/other", seed: 12)
        fm.createFile(atPath: docs + "/empty.txt", contents: Data())
        var binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        binary[10] = 0
        fm.createFile(atPath: docs + "/binary.txt", contents: binary)
        // 50 MB, sparse: over the default 20 MB cap, never read.
        fm.createFile(atPath: docs + "/huge.txt", contents: Data())
        XCTAssertEqual(truncate(docs + "/huge.txt", 50 * 1024 * 1024), 0)
        // Invalid UTF-8 in the middle of a good report: indexed, with a warning naming it.
        let good = try Data(contentsOf: URL(fileURLWithPath: other.keys.sorted()[10]))
        fm.createFile(atPath: docs + "/invalid.txt", contents: good + Data([0xFF, 0xFE, 0x80]) + Data("无效字节之后的独特文字内容".utf8))
        try fm.createSymbolicLink(atPath: docs + "/loop1.txt", withDestinationPath: docs + "/loop2.txt")
        try fm.createSymbolicLink(atPath: docs + "/loop2.txt", withDestinationPath: docs + "/loop1.txt")
        try fm.createSymbolicLink(atPath: docs + "/broken.txt", withDestinationPath: docs + "/nowhere.txt")
        try fm.createSymbolicLink(atPath: docs + "/dirloop", withDestinationPath: docs)  // a directory loop ends quietly

        let index = dir + "/index"
        let s = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(s.indexed, 11)
        XCTAssertEqual(s.reports, 11)
        let byPath = Dictionary(s.skipped.map { (($0.path as NSString).lastPathComponent, $0.cause) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byPath, ["empty.txt": "empty", "binary.txt": "binary", "huge.txt": "too large",
                                "loop1.txt": "symlink loop", "loop2.txt": "symlink loop", "broken.txt": "vanished"])
        XCTAssertEqual(s.skipsByCause, ["empty": 1, "binary": 1, "too large": 1, "symlink loop": 2, "vanished": 1])
        XCTAssertEqual(s.warnings.count, 1)
        XCTAssertTrue(s.warnings[0].contains(docs + "/invalid.txt"), s.warnings[0])
        XCTAssertEqual(try IndexProbe.hits(index, "\"无效字节之后的独特文字内容\""), [docs + "/invalid.txt"])

        // The last-run summary in the index says the same.
        let status = try IndexStatus.read(indexPath: index)
        XCTAssertEqual(status.lastRun?.skippedCount, 6)
        XCTAssertEqual(status.lastRun?.skipsByCause["symlink loop"], 2)

        // A larger cap takes the big file (all spaces after truncate: NULs, so binary now).
        var o = IndexerFixture.options([docs], index)
        o.maxSize = 60 * 1024 * 1024
        let again = try Indexer(o).run()
        XCTAssertEqual(again.skipped.first { $0.path.hasSuffix("huge.txt") }?.cause, "binary")
    }

    func testVanishedAndUnreadableFiles() throws {
        let dir = try temporaryDirectory("vanish")
        // A file listed by the walk that is gone when its turn comes.
        let entry = FileWalker.Entry(realPath: dir + "/gone.txt", size: 100, mtime: 0)
        let ctx = Indexer.PrepareContext(records: [:], goneByHash: [:], maxSize: 1 << 20)
        guard case let .skipped(skip) = Indexer.prepareOne(id: "x", entry: entry, context: ctx) else {
            return XCTFail("a vanished file must be skipped")
        }
        XCTAssertEqual(skip.cause, "vanished")
        XCTAssertEqual(skip.path, dir + "/gone.txt")

        // A file that can no longer be indexed loses its old report.
        let docs = dir + "/docs"
        let truth = try CorpusGenerator.generate(5, into: docs, seed: 11)
        let index = dir + "/index"
        _ = try Indexer(IndexerFixture.options([docs], index)).run()
        let victim = truth.keys.sorted()[0]
        FileManager.default.createFile(atPath: victim, contents: Data())
        let s = try Indexer(IndexerFixture.options([docs], index)).run()
        XCTAssertEqual(s.skipped.map(\.cause), ["empty"])
        XCTAssertEqual(s.removed, 1)
        XCTAssertEqual(try IndexProbe.indexedPaths(index), truth.keys.sorted().filter { $0 != victim })
        XCTAssertEqual(try IndexProbe.fileRecordCount(index), 4)

        // chmod 000: a non-root process cannot read it (root can: then it is indexed).
        let locked = truth.keys.sorted()[1]
        XCTAssertEqual(chmod(locked, 0), 0)
        defer { chmod(locked, 0o644) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: locked)
        let t = try Indexer(IndexerFixture.options([docs], index)).run()
        if getuid() == 0 {
            XCTAssertTrue(t.skipped.filter { $0.path == locked }.isEmpty, "root reads a chmod 000 file")
        } else {
            XCTAssertEqual(t.skipped.first { $0.path == locked }?.cause, "unreadable")
        }
    }

    func testStatusCountsAgreeWithTheDocuments() throws {
        let dir = try temporaryDirectory("status")
        try CorpusGenerator.generate(40, into: dir + "/docs", seed: 11)
        let index = dir + "/index"
        _ = try Indexer(IndexerFixture.options([dir + "/docs"], index)).run()
        // Truth from the stored documents, not from the term lists status reads.
        let db = try Database(path: index)
        var years: [Int: Int] = [:], agencies = Set<String>(), sections: [String: Int] = [:]
        for id in 1...(try db.lastDocumentID()) {
            let obj = try JSONSerialization.jsonObject(with: Data(try db.document(id).data())) as! [String: Any]
            if let y = obj["year"] as? Int { years[y, default: 0] += 1 }
            if let a = obj["agency"] as? String, !a.isEmpty { agencies.insert(a) }
            for k in Set((obj["sections"] as! [[String: Any]]).map { $0["key"] as! String }) { sections[k, default: 0] += 1 }
        }
        let st = try IndexStatus.read(indexPath: index)
        XCTAssertEqual(st.reports, 40)
        XCTAssertEqual(st.files, 40)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: st.years.map { ($0.year, $0.count) }), years)
        XCTAssertEqual(st.agencies, agencies.count)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: st.sections.filter { $0.count > 0 }.map { ($0.key.rawValue, $0.count) }), sections)
        XCTAssertGreaterThan(st.sizeBytes, 0)
        XCTAssertEqual(st.lastRun?.indexed, 40)
        let json = try JSONSerialization.jsonObject(with: Data(st.json().utf8)) as! [String: Any]
        XCTAssertEqual(json["reports"] as? Int, 40)
        XCTAssertEqual((json["last_run"] as? [String: Any])?["indexed"] as? Int, 40)

        XCTAssertThrowsError(try IndexStatus.read(indexPath: dir + "/nothing")) { e in
            XCTAssertEqual(e as? GovSearchError, .noIndex(path: dir + "/nothing"))
        }
    }

    func testCompactKeepsEveryReportAndAnswer() throws {
        let dir = try temporaryDirectory("compact")
        let truth = try CorpusGenerator.generate(40, into: dir + "/docs", seed: 11)
        let index = dir + "/index"
        var o = IndexerFixture.options([dir + "/docs"], index)
        o.commitEvery = 3
        _ = try Indexer(o).run()
        let agencies = Set(truth.values.map { $0["agency"] as! String }).sorted().prefix(8)
        let before = try agencies.map { try IndexProbe.hits(index, "\"\($0)\"") }
        let r = try IndexMaintenance.compact(indexPath: index)
        XCTAssertEqual(r.reports, 40)
        XCTAssertLessThanOrEqual(r.after, r.before)
        XCTAssertEqual(try agencies.map { try IndexProbe.hits(index, "\"\($0)\"") }, before)
        XCTAssertEqual(try IndexProbe.indexedPaths(index), truth.keys.sorted())
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(siblings, ["docs", "index"], "no copy left behind")
        // Incremental updates still work on the compacted index.
        let s = try Indexer(IndexerFixture.options([dir + "/docs"], index)).run()
        XCTAssertEqual([s.indexed, s.unchanged], [0, 40])

        // While a writer holds the lock, compaction refuses at once.
        let writer = try Database(writableAt: index, mode: .existing)
        XCTAssertThrowsError(try IndexMaintenance.compact(indexPath: index)) { e in
            XCTAssertEqual(e as? GovSearchError, .locked(path: index))
        }
        try writer.close()
    }
}
