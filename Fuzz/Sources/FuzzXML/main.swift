import Foundation
import FuzzSupport
@_spi(Fuzzing) import Reports

/// The XML readers of the zip formats, fed directly (a fuzzer mutating a
/// deflated zip rarely reaches them): the scanner, the .docx body, OFD
/// document and page readers, and the xlsx sheet reader.
runFuzzer { data, size in
    let xml = [UInt8](UnsafeBufferPointer(start: data, count: size))
    do {
        _ = try ReportsFuzzing.xmlTexts(xml)
    } catch {
        // The one refusal: a document type declaration.
        check(String(decoding: xml, as: UTF8.self).contains("<!DOCTYPE"), "refused without a DTD: \(error)")
    }
}
