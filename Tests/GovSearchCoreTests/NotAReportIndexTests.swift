import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// The indexer skips the files of CopyFixtures/ that EXPECTED.tsv says are no
/// report (by construction), each with its reason, and `keepAll` indexes them.
final class NotAReportIndexTests: XCTestCase {
    func expected() throws -> (reports: [String], others: [String]) {
        let dir = TestPaths.repo + "/CopyFixtures"
        var reports: [String] = [], others: [String] = []
        for line in try String(contentsOfFile: dir + "/EXPECTED.tsv", encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let path = TestPaths.realPath(dir + "/" + f[0]) ?? dir + "/" + f[0]
            if f[3] == "report" { reports.append(path) } else { others.append(path) }
        }
        return (reports.sorted(), others.sorted())
    }

    func testPagesThatAreNoReportAreSkippedWithTheirReason() throws {
        let (reports, others) = try expected()
        XCTAssertFalse(others.isEmpty)
        let dir = try temporaryDirectory("notareport")
        let summary = try Indexer(Indexer.Options(roots: [TestPaths.repo + "/CopyFixtures"], indexPath: dir + "/index")).run()
        let skipped = summary.skipped.filter { $0.cause == "not a report" }
        XCTAssertEqual(skipped.map(\.path).sorted(), others)
        XCTAssertEqual(summary.skipsByCause["not a report"], others.count)
        XCTAssertEqual(summary.indexed, reports.count)
        for s in skipped { XCTAssertTrue(s.reason.contains("--keep-all"), s.reason) }
        let listing = try XCTUnwrap(skipped.first { $0.reason.contains("listing page") }, "a listing page is named as such")
        XCTAssertTrue(listing.path.contains("site/"), listing.path)

        let all = try Indexer(Indexer.Options(roots: [TestPaths.repo + "/CopyFixtures"], indexPath: dir + "/all")
            .with { $0.keepAll = true }).run()
        XCTAssertEqual(all.indexed, reports.count + others.count)
        XCTAssertEqual(all.skipsByCause["not a report"], nil)
    }
}

extension Indexer.Options {
    func with(_ change: (inout Indexer.Options) -> Void) -> Indexer.Options {
        var o = self
        change(&o)
        return o
    }
}
