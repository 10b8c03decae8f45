import Foundation
import XCTest
@testable import GovSearchCore
@testable import Reports
import TestSupport

/// The labelled real reports as collections hold them (RealReports/renderings/<rendering>/, written
/// by scripts/accuracy/render.py), scored against the original's labels as `scripts/accuracy.py
/// --only-renderings` scores them: a rendering changes the layout, never a figure, so no rendering
/// may give a wrong figure or a false alarm; a figure it hides may be null. The right counts may not
/// fall below what the readers reach today.
final class RenderingAccuracyTests: XCTestCase {
    /// Right figures per rendering at the last change of the readers; a change that reads fewer fails.
    static let rightAtLeast: [String: Int] = [
        "collapsed": 1899, "html-text": 1864, "no-space": 1865, "page-markers": 1864, "pdftotext-layout": 2024, "pdftotext-raw": 2024,
        "pymupdf4llm": 1481, "row-twice": 1382,
    ]

    struct Score: CustomStringConvertible {
        var right = 0, wrong = 0, missing = 0, falseAlarms = 0
        var notes: [String] = []
        var description: String { "right \(right), wrong \(wrong), missing \(missing), false alarms \(falseAlarms)" }
    }

    static let applicantColumns = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
                                   "legal_service_org", "other_org"]
    static let appealParts = ["upheld", "corrected", "other", "pending"]

    /// A label's number (a blank cell counting 0); nil for unreadable or absent cells and missing labels.
    static func number(_ labels: [String: RealTableTests.Label], _ figure: String) -> Double? {
        guard let l = labels[figure] else { return nil }
        return l.value == "blank" ? 0 : Double(l.value)
    }

    /// The rule instances the labelled table decides, keyed `rule row`, true where the rule holds:
    /// the comparison accuracy.py's label_rules makes (a check of a rule the labels keep is a false alarm).
    static func labelRules(_ labels: [String: RealTableTests.Label]) -> [String: Bool] {
        func sum(_ figures: [String]) -> Double? {
            var total = 0.0
            for f in figures { guard let x = number(labels, f) else { return nil }; total += x }
            return total
        }
        var out: [String: Bool] = [:]
        let rows = Set(labels.keys.filter { $0.hasPrefix("requests.") && $0.split(separator: ".").count >= 3 }
            .map { String($0[..<$0.lastIndex(of: ".")!]) }).sorted()
        for row in rows {
            if let parts = sum(applicantColumns.map { "\(row).\($0)" }), let total = number(labels, row + ".total") {
                out["row_total \(row)"] = parts == total
            }
        }
        if let new = number(labels, "requests.new_applications.total"), let old = number(labels, "requests.carried_over.total"),
           let handled = number(labels, "requests.handled_total.total"), let forward = number(labels, "requests.carried_forward.total") {
            out["requests_balance requests"] = new + old == handled + forward
        }
        var parts = rows.filter { ["granted", "partially_granted"].contains($0.split(separator: ".")[1]) || $0.contains(".items.") }
        if labels["requests.other_handling.total"] != nil && !parts.contains(where: { $0.contains(".other_handling.items.") }) {
            parts.append("requests.other_handling")
        }
        if !parts.isEmpty, let s = sum(parts.map { $0 + ".total" }), let handled = number(labels, "requests.handled_total.total") {
            out["handled_total requests"] = s == handled
        }
        for appeal in AppealsTableReader.rows {
            let row = "appeals." + appeal
            if let s = sum(appealParts.map { "\(row).\($0)" }), let total = number(labels, row + ".total") {
                out["appeals_total \(row)"] = s == total
            }
        }
        return out
    }

    /// A reported check as a key of `labelRules`.
    static func ruleKey(_ check: CheckFailure) -> String {
        let row = check.row ?? ""
        switch check.rule {
        case "requests_balance", "handled_total": return "\(check.rule) requests"
        case "appeals_total": return "appeals_total appeals.\(row)"
        default:
            let parts = row.split(separator: ".")
            return "\(check.rule) requests." + (parts.count == 1 ? row : "\(parts[0]).items.\(parts.dropFirst().joined(separator: "."))")
        }
    }

    /// Every labelled report of one rendering read through ReportReader and its inspect record.
    static func score(_ rendering: String) throws -> Score {
        let dir = TestPaths.realReports + "/renderings/" + rendering
        var score = Score()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            guard let list = RealTableTests.labels[String(name.prefix(3))] else { continue }
            let labels = Dictionary(list.map { ($0.figure, $0) }, uniquingKeysWith: { a, _ in a })
            let report = try ReportReader.read(path: dir + "/" + name)
            let o = try JSONSerialization.jsonObject(with: Data(InspectRecord(report).json().utf8)) as? [String: Any] ?? [:]
            let stats = o["statistics"]
            let nulls = o["nulls"] as? [String: String] ?? [:]
            for l in list {
                if l.value == "absent" {
                    let tableFigures = RealTableTests.without(stats, list.filter { $0.how == "prose" && Double($0.value) != nil }.map(\.figure))
                    if RealTableTests.hasNumber(l.figure == "(none)" ? tableFigures : RealTableTests.walk(tableFigures, l.figure)) {
                        score.wrong += 1; score.notes.append("\(rendering) \(name) \(l.figure): label absent, found figures")
                    } else { score.right += 1 }
                    continue
                }
                let have = (RealTableTests.walk(stats, l.figure) as? NSNumber)?.doubleValue
                switch (Double(l.value), have) {
                case (let want?, nil):
                    score.missing += 1; score.notes.append("\(rendering) \(name) \(l.figure): missing (label \(want)); null: \(nulls[l.figure] ?? "-")")
                case (let want?, let have?) where abs(want - have) < 1e-6: score.right += 1
                case (nil, nil): score.right += 1
                case (_, let have):
                    score.wrong += 1; score.notes.append("\(rendering) \(name) \(l.figure): WRONG \(have ?? 0) (label \(l.value))")
                }
            }
            let rules = labelRules(labels)
            for check in report.checks where rules[ruleKey(check)] == true {
                score.falseAlarms += 1; score.notes.append("\(rendering) \(name) false alarm: \(check.message)")
            }
        }
        return score
    }

    func testEveryRenderingGivesTheLabelsOrNull() throws {
        let renderings = try FileManager.default.contentsOfDirectory(atPath: TestPaths.realReports + "/renderings").sorted()
        XCTAssertEqual(Set(renderings), Set(Self.rightAtLeast.keys), "a rendering without a floor, or a floor without a rendering")
        for rendering in renderings {
            let score = try Self.score(rendering)
            let failures = score.notes.filter { $0.contains("WRONG") || $0.contains("false alarm") || $0.contains("absent") }
            XCTAssertEqual(score.wrong, 0, "\(rendering): \(score)\n" + failures.joined(separator: "\n"))
            XCTAssertEqual(score.falseAlarms, 0, "\(rendering): \(score)\n" + failures.joined(separator: "\n"))
            XCTAssertGreaterThanOrEqual(score.right, Self.rightAtLeast[rendering] ?? .max, "\(rendering): \(score)")
        }
    }

    func testBlankLabelsCountZeroAndChecksNameLabelledRows() {
        // the comparison itself, as accuracy.py makes it: a blank cell decides its rules as 0, and an
        // item row's check is about the labels' `items` path
        let labels = ["requests.new_applications.total": RealTableTests.Label(figure: "requests.new_applications.total", value: "5", line: 1, how: "cell"),
                      "requests.carried_over.total": RealTableTests.Label(figure: "requests.carried_over.total", value: "blank", line: 1, how: "cell")]
        XCTAssertEqual(Self.number(labels, "requests.carried_over.total"), 0)
        let check = CheckFailure(rule: "row_total", expected: 1, found: 2, message: "", row: "withheld.state_secret")
        XCTAssertEqual(Self.ruleKey(check), "row_total requests.withheld.items.state_secret")
    }
}
