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

    static func checksFailed(_ report: Report) -> Bool { !report.checks.isEmpty }

    /// Figures kept as sortable value slots (`--sort=-granted`): the request rows and the
    /// appeal totals. Every figure stays in the document data for `stats`; value slots
    /// cost index space and writer time per report, so only these get one.
    static let sortableNames: [String] = Array(names.prefix(10)) + ["reconsideration", "litigation"]

    public static func slot(of name: String) -> UInt32? {
        sortableNames.firstIndex(of: name).map { IndexSchema.firstFigureSlot + UInt32($0) }
    }
}
