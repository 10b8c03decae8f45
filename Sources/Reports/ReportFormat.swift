/// The file formats govsearch reads, by extension: the one list the walker,
/// the reader and the snippet path share.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, html, docx, pdf, ofd, xlsx
    /// Word 97–2003 binary (.doc) and Kingsoft WPS (.wps, the same OLE container), through antiword.
    case word97
    /// Excel 97–2003 binary (.xls) and Kingsoft ET (.et, the same BIFF8 workbook), through python3-xlrd.
    case excel97

    static let byExtension: [String: ReportFormat] = [
        "txt": .text, "text": .text, "md": .text, "markdown": .text,
        "html": .html, "htm": .html, "xhtml": .html,
        "docx": .docx, "pdf": .pdf, "ofd": .ofd, "xlsx": .xlsx,
        "doc": .word97, "wps": .word97, "xls": .excel97, "et": .excel97,
    ]

    /// Lower-case extensions, without the dot.
    public static let extensions: Set<String> = Set(byExtension.keys)

    /// The format of a path by its extension (case-insensitive), nil when not a report format.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        guard let f = Self.byExtension[path[path.index(after: dot)...].lowercased()] else { return nil }
        self = f
    }

    /// ".doc, .docx, …" for messages and help.
    static let extensionList: String = extensions.sorted().map { "." + $0 }.joined(separator: " ")
}
