import Foundation

/// Text of the binary office formats (an OLE compound file): Word 97–2003
/// `.doc` and WPS `.wps` through antiword, Excel 97–2003 `.xls` and ET `.et`
/// through python3-xlrd. catdoc/xls2csv were tried first and garble or drop
/// the Chinese text of LibreOffice-written files (see README).
enum OLEText {
    static let magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func checkMagic(_ data: Data, path: String, what: String) throws {
        guard data.prefix(8).elementsEqual(magic) else {
            throw ReportError(path: path, kind: .badFormat, detail: "not a \(what) file (no OLE compound-file header)")
        }
    }

    static func wordText(_ data: Data, path: String) throws -> String {
        try checkMagic(data, path: path, what: "Word 97–2003/WPS")
        let tool = try ExternalTool.require("antiword", package: "antiword", for: "Word 97–2003/WPS", path: path)
        // -w 0: paragraphs on one line (no wrapping at 80 columns); UTF-8 out.
        return String(decoding: try ExternalTool.run(tool, ["-m", "UTF-8.txt", "-w", "0", path], path: path), as: UTF8.self)
    }

    /// Each sheet's rows one per line, cells separated by tabs (empty cells kept
    /// between full ones), numbers as written (no trailing .0).
    static let xlrdScript = """
    import sys
    try:
        import xlrd
    except ImportError:
        sys.exit("xlrd-missing")
    b = xlrd.open_workbook(sys.argv[1], on_demand=True)
    for s in b.sheets():
        for r in range(s.nrows):
            cells = ["%.15g" % v if isinstance(v, float) else str(v).replace("\\n", " ") for v in s.row_values(r)]
            while cells and not cells[-1].strip(): cells.pop()
            if cells: print("\\t".join(c if c.strip() else "\\u00a0" for c in cells))
        print("\\f", end="")
    """

    static func excelText(_ data: Data, path: String) throws -> String {
        try checkMagic(data, path: path, what: "Excel 97–2003/ET")
        // Debian's python3-xlrd is installed for the system python, not for one earlier on PATH.
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3"
            : try ExternalTool.require("python3", package: "python3-xlrd", for: "Excel 97–2003/ET", path: path)
        do {
            return String(decoding: try ExternalTool.run(python, ["-c", xlrdScript, path], path: path), as: UTF8.self)
        } catch let e as ReportError where e.detail.hasSuffix("xlrd-missing") {
            throw ReportError(path: path, kind: .toolMissing, detail: "cannot read Excel 97–2003/ET: xlrd is not installed (apt-get install python3-xlrd)")
        }
    }
}
