import Reports

/// The statistics-table figures the index keeps per report (sortable values,
/// `stats` sums), read from the Reports module's tables.
public enum FigureAccess {
    public static let names: [String] = [
        "new_applications", "carried_over", "granted", "partially_granted", "withheld",
        "unable_to_provide", "not_processed", "other_handling", "handled_total", "carried_forward",
        "reconsideration", "litigation",
    ]

    public static func figures(of report: Report) -> [String: Int] {
        [:]
    }

    public static func checksFailed(_ report: Report) -> Bool { false }

    public static func slot(of name: String) -> UInt32? {
        names.firstIndex(of: name).map { IndexSchema.firstFigureSlot + UInt32($0) }
    }
}
