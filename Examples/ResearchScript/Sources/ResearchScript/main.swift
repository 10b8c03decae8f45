// Prints how many reports mention a phrase per year, their share of all
// reports, and the applications those reports received.
//   swift run ResearchScript INDEX QUERY
import Foundation
import GovSearchCore

let args = CommandLine.arguments
let indexPath = args.count > 1 ? args[1] : "../../index"
let query = args.count > 2 ? args[2...].joined(separator: " ") : "依申请公开"

do {
    let searcher = try Searcher(indexPath: indexPath)

    // Matching reports per year, against all reports of that year.
    let trend = try searcher.trend(query, by: .year)
    print("\(trend.matches) of \(trend.reports) reports match \"\(query)\"")
    for row in trend.rows {
        print(row.value, row.count, row.total, String(format: "%.1f%%", row.share * 100))
    }

    // Sum of new applications over the matching reports, per year.
    let stats = try searcher.stats(query, by: .year, fields: ["new_applications"])
    for row in stats.rows {
        let v = row.values[0].map { String(Int($0)) } ?? "-"
        print(row.value ?? "unknown", "new_applications:", v, "failed:", row.failed)
    }

    // Every match, streamed (no limit, constant memory).
    var agencies = Set<String>()
    try searcher.forEachMatch(query) { m in if let a = m.stored.agency { agencies.insert(a) } }
    print("\(agencies.count) agencies")
} catch {
    FileHandle.standardError.write(Data("ResearchScript: \(error)\n".utf8))
    exit(2)
}
