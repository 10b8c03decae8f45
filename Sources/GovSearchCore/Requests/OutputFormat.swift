/// `--format` of search, trend, stats and export.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, jsonl, csv
}
