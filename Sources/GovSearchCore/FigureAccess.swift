import Reports

/// The statistics-table figures the index keeps per report (sortable values,
/// `stats` sums), read from the Reports module's tables.
public enum FigureAccess {
    /// Flat figure names (`new_applications`, `granted`, `reconsideration`, …); their order fixes the value slots.
    public static let names: [String] = Statistics.figureNames

    /// The whole-number figures the report's tables give (fractional amounts are left out).
    public static func figures(of report: Report) -> [String: Int] {
        guard let stats = report.statistics else { return [:] }
        var out: [String: Int] = [:]
        for name in names { if let v = stats.figure(name) { out[name] = v } }
        return out
    }

    /// Figures kept as sortable value slots (`--sort=-granted`): the request rows and the
    /// appeal totals (`IndexSchema.figureSlots`). Every figure stays in the document data for
    /// `stats`; value slots cost index space and writer time per report, so only these get one.
    static let sortableNames: [String] = IndexSchema.figureSlots.map(\.figure)

    public static func slot(of name: String) -> UInt32? {
        IndexSchema.figureSlots.first { $0.figure == name }?.slot
    }

    /// The printed table a figure is read from: `requests` (收到和处理政府信息公开申请情况),
    /// `appeals` (行政复议、行政诉讼) or `proactive` (主动公开).
    public static func table(of figure: String) -> String {
        if RequestStatistics.rowNames.contains(figure) { return "requests" }
        if figure == "reconsideration" || figure.hasPrefix("litigation") { return "appeals" }
        return "proactive"
    }

    /// The tables whose own totals the report's figures break, sorted: a failed check
    /// (`ConsistencyRules.failures`) concerns the appeals table (`appeals_total`) or the
    /// requests table (`requests_balance`, `handled_total`, `row_total`).
    static func brokenTables(_ report: Report) -> [String] {
        var out = Set(report.checks.map { $0.rule == "appeals_total" ? "appeals" : "requests" })
        if !out.isEmpty, report.statistics?.requestsAndAppealsInOneTable == true { out.formUnion(["requests", "appeals"]) }
        return out.sorted()
    }

    /// Why each figure the report lacks is null although its table prints something there
    /// (`Statistics.nulls`, as `inspect --json` gives it, keyed here by figure name), or, where
    /// the prose stood in for a missing requests table, that the table is missing.
    static func nullReasons(of report: Report) -> [String: String] {
        guard let st = report.statistics else { return [:] }
        var out: [String: String] = [:]
        for name in names where st.figure(name) == nil {
            if let v = st.value(name) {
                out[name] = "not a whole number (\(v))"
                continue
            }
            if let why = paths(of: name).lazy.compactMap({ st.nulls[$0] }).first {
                out[name] = why
            } else if st.requestsFromProse, table(of: name) == "requests" {
                out[name] = "no requests table found (the prose states only some of its figures)"
            }
        }
        return out
    }

    /// The `Statistics` paths (as in `inspect --json`) a figure is read from.
    static func paths(of name: String) -> [String] {
        switch name {
        case "reconsideration", "litigation_direct", "litigation_after_reconsideration": return ["appeals.\(name).total"]
        case "litigation": return ["appeals.litigation_direct.total", "appeals.litigation_after_reconsideration.total"]
        case "regulations", "normative_documents": return ["made", "published", "in_force", "total"].map { "proactive.\(name).\($0)" }
        case "licensing", "punishment", "enforcement": return ["proactive.\(name).decisions"]
        case "fees_amount": return ["proactive.fees.amount"]
        case "procurement_items": return ["proactive.procurement.count"]
        case "procurement_amount": return ["proactive.procurement.amount"]
        default: return ["requests.\(name).total"]
        }
    }
}
