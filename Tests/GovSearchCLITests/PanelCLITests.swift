import Foundation
import TestSupport
import XCTest

/// `stats --by agency,year` and `export --figures` on the real reports, against a naive pass over
/// `inspect --json` of each report: its agency and year, each figure as inspect prints it, and
/// a figure left out where the table it comes from fails a check (appeals_total: the appeals
/// table, any other rule: the requests table).
final class PanelCLITests: XCTestCase {

    func run(_ args: [String]) throws -> Command.Output { try Command.run(Command.govsearch, args) }

    nonisolated(unsafe) static var folder: String?

    /// The 24 real reports alone, copied into a folder of their own (RealReports/renderings holds
    /// the same reports in other layouts).
    func reports() throws -> String {
        if let folder = Self.folder { return folder }
        let dir = TempDir.perProcess("panel-reports")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.realReports) where name.hasSuffix(".txt") {
            try FileManager.default.copyItem(atPath: TestPaths.realReports + "/" + name, toPath: dir + "/" + name)
        }
        Self.folder = TestPaths.realPath(dir) ?? dir
        return Self.folder!
    }

    func index() throws -> String { try TestIndex.once("panel", of: try reports()) }

    /// Where inspect --json prints each figure the tests ask for, and its table.
    static let figures: [(name: String, path: [String], table: String)] = [
        ("new_applications", ["requests", "new_applications", "total"], "requests"),
        ("granted", ["requests", "granted", "total"], "requests"),
        ("handled_total", ["requests", "handled_total", "total"], "requests"),
        ("reconsideration", ["appeals", "reconsideration", "total"], "appeals"),
    ]

    struct Inspected { var path: String; var agency: String?; var year: Int?; var values: [Int?]; var covered: [Bool] }

    /// The naive pass: one inspect --json per real report.
    func inspected() throws -> [Inspected] {
        let folder = try reports()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertEqual(files.count, 24)
        return try files.map { name in
            let r = try run(["inspect", "--json", folder + "/" + name])
            XCTAssertEqual(r.status, 0, r.stderr)
            let o = try JSON.object(r.stdout)
            let broken = Set(((o["checks"] as? [[String: Any]]) ?? []).map { ($0["rule"] as? String) == "appeals_total" ? "appeals" : "requests" })
            var values: [Int?] = [], covered: [Bool] = []
            for f in Self.figures {
                var cur: Any? = o["statistics"]
                for k in f.path { cur = (cur as? [String: Any])?[k] }
                let v = (cur as? NSNumber)?.intValue
                values.append(v)
                covered.append(v != nil && !broken.contains(f.table))
            }
            return Inspected(path: o["path"] as! String, agency: o["agency"] as? String, year: o["year"] as? Int, values: values, covered: covered)
        }
    }

    struct Group: Hashable { var agency: String; var year: String }

    func testStatsByAgencyAndYearMatchesTheInspectedReports() throws {
        let reports = try inspected()
        let fields = Self.figures.map(\.name)
        // the naive sums, coverage and report counts per agency and year
        var expected: [Group: (reports: Int, sums: [Int], coverage: [Int])] = [:]
        for r in reports {
            let g = Group(agency: r.agency ?? "", year: r.year.map(String.init) ?? "")
            var e = expected[g] ?? (0, Array(repeating: 0, count: fields.count), Array(repeating: 0, count: fields.count))
            e.reports += 1
            for i in fields.indices where r.covered[i] { e.sums[i] += r.values[i]!; e.coverage[i] += 1 }
            expected[g] = e
        }
        XCTAssertGreaterThan(expected.count, 20)
        XCTAssertTrue(reports.contains { !$0.covered[0] && $0.values[0] != nil }, "a broken requests table among the real reports")

        let csv = try run(["stats", "--by", "agency,year", "--fields", fields.joined(separator: ","), "--format", "csv", "--index", try index()])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let rows = try CSVParser.parse(csv.stdout)
        XCTAssertEqual(rows[0], ["agency", "year"] + fields + ["failed"] + fields.map { $0 + "_coverage" })
        XCTAssertEqual(rows.count - 1, expected.count)
        for row in rows.dropFirst() {
            let e = try XCTUnwrap(expected[Group(agency: row[0], year: row[1])], "\(row)")
            for i in fields.indices {
                XCTAssertEqual(row[2 + i], e.coverage[i] == 0 ? "" : String(e.sums[i]), "\(row[0]) \(row[1]) \(fields[i])")
                XCTAssertEqual(row[3 + fields.count + i], String(e.coverage[i]), "\(row[0]) \(row[1]) \(fields[i]) coverage")
            }
        }
        // the rows run year by year within each agency
        let pairs = rows.dropFirst().map { ($0[0], Int($0[1]) ?? 0) }
        for (a, b) in zip(pairs, pairs.dropFirst()) where a.0 == b.0 { XCTAssertLessThan(a.1, b.1) }

        // JSON: both keys in every row, `by` as given, the same numbers
        let json = try run(["stats", "--by", "agency,year", "--fields", fields.joined(separator: ","), "--format", "json", "--index", try index()])
        let o = try JSON.object(json.stdout)
        XCTAssertEqual(o["by"] as? String, "agency,year")
        for row in try XCTUnwrap(o["rows"] as? [[String: Any]]) {
            let g = Group(agency: row["agency"] as? String ?? "", year: (row["year"] as? Int).map(String.init) ?? "")
            let e = try XCTUnwrap(expected[g])
            XCTAssertEqual(row["reports"] as? Int, e.reports)
            XCTAssertEqual(row["coverage"] as? [String: Int], Dictionary(uniqueKeysWithValues: zip(fields, e.coverage)))
        }

        // --missing: a line per report and figure not covered, under both keys
        let missing = try run(["stats", "--by", "agency,year", "--fields", fields.joined(separator: ","), "--missing", "--format", "csv", "--index", try index()])
        let listed = try CSVParser.parse(missing.stdout)
        XCTAssertEqual(listed[0], ["agency", "year", "figure", "id", "path", "reason"])
        let notCovered = reports.flatMap { r in fields.indices.filter { !r.covered[$0] }.map { "\(r.agency ?? "") \(r.year.map(String.init) ?? "") \(fields[$0]) \(r.path)" } }
        XCTAssertEqual(Set(listed.dropFirst().map { "\($0[0]) \($0[1]) \($0[2]) \($0[4])" }), Set(notCovered))
        XCTAssertEqual(listed.count - 1, notCovered.count)

        // the table view names both keys and a row per group
        let table = try run(["stats", "--by", "agency,year", "--fields", "new_applications", "--index", try index()])
        XCTAssertTrue(table.stdout.hasPrefix("sum over all 24 reports, by agency, year\n"), table.stdout)
        XCTAssertTrue(table.stdout.contains("agency"), table.stdout)
        XCTAssertEqual(table.stdout.split(separator: "\n").count, 3 + expected.count, table.stdout)
    }

    func testExportFiguresMatchesTheInspectedReports() throws {
        let reports = Dictionary(uniqueKeysWithValues: try inspected().map { ($0.path, $0) })
        let r = try run(["export", "--figures", "--format", "csv", "--index", try index()])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try CSVParser.parse(r.stdout)
        let header = rows[0]
        XCTAssertEqual(Array(header.prefix(8)), ["id", "path", "year", "agency", "region", "level", "format", "broken_tables"])
        XCTAssertEqual(rows.count - 1, 24)
        for row in rows.dropFirst() {
            let cell = Dictionary(uniqueKeysWithValues: zip(header, row))
            let e = try XCTUnwrap(reports[cell["path"]!])
            XCTAssertEqual(cell["agency"], e.agency ?? "")
            for (i, f) in Self.figures.enumerated() {
                XCTAssertEqual(cell[f.name], e.values[i].map(String.init) ?? "", "\(e.path) \(f.name)")
                XCTAssertEqual(cell[f.name + "_coverage"], e.covered[i] ? "1" : "0", "\(e.path) \(f.name)")
                XCTAssertEqual(cell[f.name + "_missing"]!.isEmpty, e.covered[i], "\(e.path) \(f.name): \(cell[f.name + "_missing"]!)")
            }
        }
        // JSON Lines: the same records, coverage flags as numbers
        let lines = try JSON.lines(try run(["export", "--figures", "--index", try index()]).stdout)
        XCTAssertEqual(lines.count, 24)
        XCTAssertEqual(Array(lines[0].keys).count, header.count)
        XCTAssertTrue(lines.allSatisfy { $0["new_applications_coverage"] is Int })
    }

    func testBadGroupingIsOneLineWithExitTwo() throws {
        let i = try index()
        let cases: [([String], String)] = [
            (["stats", "--by", "agency,year,level", "--index", i], "--by takes one or two keys"),
            (["stats", "--by", "agency,agency", "--index", i], "cannot group by agency twice"),
            (["stats", "--by", "year,section", "--index", i], "cannot group by section"),
            (["stats", "--by", "agency,yaer", "--index", i], "unknown value 'yaer' for --by"),
            (["export", "--figures", "--sections", "--index", i], "cannot be combined"),
        ]
        for (args, message) in cases {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stdout.isEmpty, r.stdout)
        }
    }
}
