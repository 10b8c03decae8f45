import Foundation
import FuzzSupport
@_spi(Fuzzing) import Reports

/// HTML to text, and the whole read of an .html report (binary check, charset sniffing, parsing).
runFuzzer { data, size in
    let input = bytes(data, size)
    let decoded = ReportsFuzzing.decode(input, preferGB: ReportsFuzzing.htmlDeclaresGB(input)).text
    let text = ReportsFuzzing.htmlText(decoded)
    // One block a line: no empty line, no line starting or ending with a space, a final newline.
    check(text.hasSuffix("\n"), "text does not end with a newline")
    // A page without visible text is the one empty line.
    for line in text == "\n" ? [] : text.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
        check(!line.isEmpty, "empty line in \(text.debugDescription)")
        check(!line.hasPrefix(" ") && !line.hasSuffix(" "), "untrimmed line \(line.debugDescription)")
    }
    do {
        let report = try ReportReader.read(path: "/govsearch-fuzz/report.html", data: input, ocr: false)
        check(report.text == text, "read() and htmlText disagree")
    } catch let e as ReportError {
        check([.binary, .empty].contains(e.kind), "unexpected error \(e)")
    } catch {
        check(false, "error of type \(type(of: error)): \(error)")
    }
}
