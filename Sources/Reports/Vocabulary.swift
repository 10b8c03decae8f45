// The words every part of govsearch shares, each defined once: section keys
// and the names users and reports give them, administrative levels and report
// plans. Elsewhere, each in one place: the file formats read (`ReportFormat`),
// the index's prefixes, slots and facets (GovSearchCore's `IndexSchema`), the
// CJK ranges (Segmentation's `CJK`), Xapian's term limit (XapianKit's `Term`),
// the figure names (`Statistics.figureNames`).

/// Stable section keys; raw values are what users type after `section:`.
public enum SectionKey: String, CaseIterable, Sendable {
    case preamble, overview, proactive, requests, appeals, problems, other, fees

    /// Position in the standard order; used as the section's slot in the index.
    public var ordinal: Int { SectionKey.allCases.firstIndex(of: self)! }

    /// The six sections of the 2019 plan in their standard order: `section:1` … `section:6`.
    static let standardOrder: [SectionKey] = [.overview, .proactive, .requests, .appeals, .problems, .other]

    /// The heading of the standard plan (CONTRACT.md); the preamble has none.
    var standardHeading: String? {
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
    var queryNames: [String] {
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

    /// A value as typed after `level:`: the key, or its Chinese name (省, 市, 县, 区, 乡镇, 街道, …).
    public init?(named value: String) {
        let v = value.lowercased()
        if let known = Level(rawValue: v) { self = known; return }
        let chinese: [String: Level] = [
            "省": .province, "省级": .province, "市": .city, "市级": .city, "地市": .city, "地级": .city,
            "县": .county, "县级": .county, "区": .county, "区县": .county, "县区": .county,
            "乡": .township, "镇": .township, "乡镇": .township, "街道": .township, "乡级": .township,
        ]
        guard let level = chinese[value] else { return nil }
        self = level
    }

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
