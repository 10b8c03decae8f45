import Foundation
import Segmentation

/// Whether a file is an information-disclosure annual report at all. Crawled
/// collections hold error pages, a column's listing page, the crawler's log
/// and other kinds of report beside the reports; indexing them would count
/// them as reports.
///
/// The rule, in order (the first that applies decides):
/// 1. a crawler log: most non-empty lines start with a timestamp;
/// 2. a listing page: three or more different report titles (`…2020年…政府信息公开…报告`)
///    and little prose (under 600 Chinese characters in lines longer than 40);
/// 3. another kind of document: among its first title-like lines (short, no
///    sentence punctuation or list marker, ending in 报告/通知/说明/…) none is a
///    disclosure report's title (信息公开 … 报告/年报/总结) and one is a notice
///    (…通知/意见/方案/办法/函/公告) or names another report (法治政府建设, 预算,
///    决算, 政府工作报告, 统计公报) — 法治政府建设 reports mention 政府信息公开 in
///    their text, and a saved page's menu may read 财政预决算;
/// 4. short (under 300 Chinese characters; the shortest real report has over
///    1,000): an error page when it says so (404, 页面不存在, …); a report only
///    when its title names a year and the report (`某区2020年政府信息公开工作年度报告`),
///    as a saved error page's breadcrumb may well read 政府信息公开年报;
/// 5. a report: its opening (title, or the first 600 characters) names 信息公开
///    with 报告/年报/总结 after it, or cites the 政府信息公开条例 with 本报告; or
///    it has three or more of the standard sections; or its statistics tables were read;
/// 6. otherwise: no evidence of a report.
/// Each real report in RealReports/ and Fixtures/ passes (ReportKindTests).
public enum ReportKind {
    public enum Rejection: Equatable, Sendable, CustomStringConvertible {
        case crawlLog(timestampedLines: Int, lines: Int)
        case listingPage(titles: Int)
        case otherDocument(title: String)
        case errorPage(marker: String)
        case noReportEvidence(characters: Int)

        public var description: String {
            switch self {
            case let .crawlLog(t, n): return "a crawler log (\(t) of \(n) lines start with a timestamp)"
            case let .listingPage(n): return "a listing page (\(n) report titles, little prose)"
            case let .otherDocument(t): return "another kind of document (title \(t))"
            case let .errorPage(m): return "an error page (\(m))"
            case let .noReportEvidence(n) where n < ReportKind.minimumCharacters:
                return "too short for a report (\(n) Chinese characters)"
            case let .noReportEvidence(n): return "no sign of an information-disclosure annual report (\(n) Chinese characters, no title, sections or tables of one)"
            }
        }
    }

    /// nil when `report` is an information-disclosure annual report, else why not.
    public static func rejection(_ report: Report) -> Rejection? {
        // One pass into scalars and trimmed line ranges: this runs on every file
        // indexed, so no per-line Strings (grapheme breaking and bridging cost
        // as much as a third of indexing when they were used here).
        let s = Array(report.text.unicodeScalars)
        let lines = lineRanges(s)
        if let log = crawlLog(s, lines) { return log }
        let titles = reportTitles(in: s)
        if titles.count >= 3 && proseCharacters(s, lines) < 600 { return .listingPage(titles: titles.count) }
        if let other = otherKind(titleCandidates(report, s, lines)) { return .otherDocument(title: other) }
        var characters = 0
        for c in s where CJK.isIdeograph(c.value) { characters += 1 }
        if characters < minimumCharacters {
            for marker in errorMarkers where find(s, marker, from: 0, to: s.count) != nil { return .errorPage(marker: marker) }
            if let t = report.title, isDisclosureTitle(t), !reportTitles(in: Array(t.unicodeScalars)).isEmpty { return nil }
            return .noReportEvidence(characters: characters)
        }
        if namesItself(title: report.title ?? "", s) || standardSections(report) >= 3 || report.statistics != nil { return nil }
        return .noReportEvidence(characters: characters)
    }

    /// Non-empty lines (split at \n or \r) without their leading and trailing white space.
    static func lineRanges(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        func close(_ end: Int) {
            var a = start, b = end
            while a < b && s[a].properties.isWhitespace { a += 1 }
            while b > a && s[b - 1].properties.isWhitespace { b -= 1 }
            if a < b { out.append(a..<b) }
        }
        for i in 0..<s.count where s[i] == "\n" || s[i] == "\r" {
            close(i)
            start = i + 1
        }
        close(s.count)
        return out
    }

    static let minimumCharacters = 300

    static let errorMarkers = ["404", "页面不存在", "页面已被删除", "无法找到", "找不到", "访问的页面", "Not Found", "出错了", "无法访问"]

    // MARK: the rules' measures

    /// Lines such as `2024-03-01 10:22:13 INFO …` or `[2024-03-01T10:22:13] …`.
    static func crawlLog(_ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> Rejection? {
        guard lines.count >= 5 else { return nil }
        let stamped = lines.filter { startsWithTimestamp(s[$0]) }.count
        return stamped * 2 > lines.count ? .crawlLog(timestampedLines: stamped, lines: lines.count) : nil
    }

    static func startsWithTimestamp(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        var chars = Array(line.prefix(24))
        if chars.first == "[" { chars.removeFirst() }
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= chars.count && chars[r].allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 } }
        guard digits(0..<4), chars.count > 10, chars[4] == "-" || chars[4] == "/", digits(5..<7), chars[7] == chars[4], digits(8..<10) else { return false }
        // A date alone starts many a listing line; a log line has the time right after it.
        return chars.count > 15 && (chars[10] == " " || chars[10] == "T") && digits(11..<13) && chars[13] == ":" && digits(14..<16)
    }

    /// Distinct titles of annual reports: a year, then within 40 characters 信息公开, then 报告 or 年报.
    static func reportTitles(in s: [Unicode.Scalar]) -> Set<String> {
        var titles: Set<String> = []
        var i = 0
        while i + 4 < s.count {
            guard isYear(s, i) else { i += 1; continue }
            let end = min(s.count, i + 48)
            if let g = find(s, "信息公开", from: i + 5, to: end),
               let r = find(s, "报告", from: g + 4, to: end) ?? find(s, "年报", from: g + 4, to: end) {
                var start = i
                while start > 0, i - start < 30, CJK.isIdeograph(s[start - 1].value) { start -= 1 }
                titles.insert(String(String.UnicodeScalarView(s[start..<(r + 2)])))
                i = r + 2
            } else {
                i += 4
            }
        }
        return titles
    }

    /// Chinese characters in lines long enough to be prose rather than links or menu entries.
    static func proseCharacters(_ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> Int {
        lines.reduce(0) { total, line in
            let n = s[line].reduce(0) { $0 + (CJK.isIdeograph($1.value) ? 1 : 0) }
            return total + (n > 40 ? n : 0)
        }
    }

    static let otherReports = ["法治政府建设", "预算", "决算", "政府工作报告", "统计公报", "国民经济和社会发展"]
    static let noticeEndings = ["通知", "意见", "方案", "办法", "函", "批复", "公告"]
    static let titleEndings = noticeEndings + ["报告", "年报", "总结", "说明", "情况"]
    static let listMarkers: [Character] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "（", "(", "1", "2", "3", "4", "5", "6", "7", "8", "9"]

    /// The metadata's title, then the first 15 lines that read like a title:
    /// at most 60 characters, no sentence punctuation, no list marker, a title's ending.
    static func titleCandidates(_ report: Report, _ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> [String] {
        var out: [String] = report.title.map { [$0] } ?? []
        for line in lines.prefix(15) {
            let t = String(String.UnicodeScalarView(s[line])).trimmingCharacters(in: CharacterSet(charactersIn: "#* \u{3000}"))
            guard t.count <= 60, !t.contains(where: { "。，；：,;".contains($0) }),
                  let first = t.first, !listMarkers.contains(first) || t.hasPrefix("20") || t.hasPrefix("19"),
                  titleEndings.contains(where: t.hasSuffix) else { continue }
            out.append(t)
        }
        return out
    }

    static func isDisclosureTitle(_ t: String) -> Bool {
        guard let g = t.range(of: "信息公开") else { return false }
        let after = t[g.upperBound...]
        return after.contains("报告") || after.contains("年报") || after.contains("总结")
    }

    /// The first notice or other report among the candidates, unless one of them
    /// is a disclosure report's title ("关于2020年度政府信息公开工作情况的报告" is a
    /// report; "关于做好…年度报告编制发布工作的通知" is not).
    static func otherKind(_ candidates: [String]) -> String? {
        if candidates.contains(where: { isDisclosureTitle($0) && !noticeEndings.contains(where: $0.hasSuffix) }) { return nil }
        return candidates.first { t in
            noticeEndings.contains(where: t.hasSuffix) || (!t.contains("信息公开") && otherReports.contains(where: t.contains))
        }
    }

    static func namesItself(title: String, _ s: [Unicode.Scalar]) -> Bool {
        let head = min(s.count, 600)
        if isDisclosureTitle(title) || isDisclosureTitle(String(String.UnicodeScalarView(s[0..<head]))) { return true }
        return find(s, "本报告", from: 0, to: head) != nil && find(s, "政府信息公开条例", from: 0, to: s.count) != nil
    }

    static func standardSections(_ report: Report) -> Int {
        Set(report.sections.map(\.key).filter { $0 != .preamble }).count
    }

    static func isYear(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 4 < s.count, s[i] == "1" || s[i] == "2", s[i + 4] == "年" else { return false }
        return s[i..<(i + 4)].allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 }
    }

    static func find(_ s: [Unicode.Scalar], _ needle: String, from: Int, to: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, to - from >= n.count else { return nil }
        outer: for i in from...(to - n.count) where s[i] == n[0] {
            for k in 1..<n.count where s[i + k] != n[k] { continue outer }
            return i
        }
        return nil
    }
}
