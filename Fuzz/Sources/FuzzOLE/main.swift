import Foundation
import FuzzSupport
import Reports

/// The OLE readers (.doc/.wps through antiword, .xls/.et through xlrd) on
/// hostile compound files: text, or a ReportError; a converter that crashes,
/// hangs or floods is govsearch's to contain. The converters read a path, so
/// each input is written to one scratch file per format.
let docPath = scratchDirectory + "/report.doc"
let xlsPath = scratchDirectory + "/report.xls"
let magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

runFuzzer { data, size in
    let input = bytes(data, size)
    for path in [docPath, xlsPath] {
        try! input.write(to: URL(fileURLWithPath: path))
        do {
            _ = try ReportReader.read(path: path, data: input, ocr: false)
        } catch let e as ReportError {
            check([.badFormat, .empty, .toolMissing].contains(e.kind), "unexpected error \(e)")
            check(e.kind != .toolMissing || !input.starts(with: magic), "converter missing: \(e)")
            check(!e.description.contains("\n"), "error is not one line: \(e.description.debugDescription)")
        } catch {
            check(false, "error of type \(type(of: error)): \(error)")
        }
    }
}
