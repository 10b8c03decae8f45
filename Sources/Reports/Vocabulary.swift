// The words every part of govsearch shares, each defined once: section keys
// and the names users and reports give them, administrative levels, report
// plans, and the file kinds read. The index's own words (prefixes, slots,
// facets) are in GovSearchCore's IndexSchema; CJK ranges in Segmentation's
// `Normalizer.isCJK`; the figure names in `Statistics.figureNames`.

/// Stable section keys; raw values are what users type after `section:`.
public enum SectionKey: String, CaseIterable, Codable, Sendable {
    case preamble, overview, proactive, requests, appeals, problems, other, fees

    /// Position in the standard order; used as the section's slot in the index.
    public var ordinal: Int { SectionKey.allCases.firstIndex(of: self)! }

    /// The six sections of the 2019 plan in their standard order: `section:1` … `section:6`.
    public static let standardOrder: [SectionKey] = [.overview, .proactive, .requests, .appeals, .problems, .other]

    /// The heading of the standard plan (CONTRACT.md); the preamble has none.
    public var standardHeading: String? {
        switch self {
        case .preamble: return nil
        case .overview: return "总体情况"
        case .proactive: return "主动公开政府信息情况"
        case .requests: return "收到和处理政府信息公开申请情况"
        case .appeals: return "政府信息公开行政复议、行政诉讼情况"
        case .problems: return "存在的主要问题及改进情况"
        case .other: return "其他需要报告的事项"
        case .fees: return "收费及减免情况"
        }
    }

    /// Names users may type after `section:` besides the key: the standard heading first, then short forms.
    public var queryNames: [String] {
        let short: [String]
        switch self {
        case .overview: short = ["概述", "基本情况", "总体"]
        case .proactive: short = ["主动公开"]
        case .requests: short = ["依申请公开", "依申请", "申请"]
        case .appeals: short = ["复议诉讼", "行政复议", "行政诉讼", "复议", "诉讼"]
        case .problems: short = ["存在问题", "主要问题", "问题", "改进"]
        case .other: short = ["其他事项", "其他"]
        case .fees: short = ["收费及减免", "收费"]
        case .preamble: short = ["前言", "标题", "导语"]
        }
        return (standardHeading.map { [$0] } ?? []) + short
    }

    /// The key for what a user typed after `section:`: a key, a number 1–6 of
    /// the standard order, a heading name or a short form (exact names first,
    /// then the first name containing it or contained in it).
    public static func named(_ value: String) -> SectionKey? {
        let v = value.lowercased()
        if let k = SectionKey(rawValue: v) { return k }
        if let n = Int(v), n >= 1, n <= standardOrder.count { return standardOrder[n - 1] }
        let lookupOrder = standardOrder + [.fees, .preamble]
        for key in lookupOrder where key.queryNames.contains(value) { return key }
        for key in lookupOrder where key.queryNames.contains(where: { $0.contains(value) || value.contains($0) }) { return key }
        return nil
    }
}

/// Administrative level of the reporting agency, highest first.
public enum Level: String, CaseIterable, Sendable {
    case province, city, county, township

    /// Sort rank of a level value (unknown values after the known ones).
    public static func rank(_ value: String) -> Int { Level(rawValue: value)?.ordinal ?? allCases.count }
    public var ordinal: Int { Level.allCases.firstIndex(of: self)! }
}

/// Which plan a report follows: the 2019 six-section plan with its tables, or the older one.
public enum ReportPlan: String, CaseIterable, Sendable {
    case standard2019, pre2019

    /// A value as typed or labelled (`post2019` is what MANIFEST.tsv writes for `standard2019`).
    public init?(named value: String) {
        let v = value.lowercased()
        self.init(rawValue: v == "post2019" ? ReportPlan.standard2019.rawValue : v)
    }

    public static func rank(_ value: String) -> Int { ReportPlan(rawValue: value).flatMap { allCases.firstIndex(of: $0) } ?? allCases.count }
}

/// The kinds of file govsearch reads, by extension.
public enum ReportFileKind: Sendable {
    case plainText, html, docx, pdf

    /// Lower-case extensions, without the dot, and their kind.
    public static let byExtension: [String: ReportFileKind] = [
        "txt": .plainText, "text": .plainText, "md": .plainText, "markdown": .plainText,
        "html": .html, "htm": .html, "xhtml": .html,
        "docx": .docx, "pdf": .pdf,
    ]

    /// The kind of a file by its path's extension (case-insensitive), nil when govsearch does not read it.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        guard let kind = ReportFileKind.byExtension[path[path.index(after: dot)...].lowercased()] else { return nil }
        self = kind
    }

    /// The extensions for messages: `.txt, .text, .md, …`.
    public static var extensionList: String {
        byExtension.keys.sorted { (order($0), $0) < (order($1), $1) }.map { "." + $0 }.joined(separator: ", ")
    }
    private static func order(_ ext: String) -> Int {
        switch byExtension[ext]! { case .plainText: return 0; case .html: return 1; case .docx: return 2; case .pdf: return 3 }
    }
}
