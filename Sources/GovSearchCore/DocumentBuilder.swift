import Dispatch
import Foundation
import Reports
import Segmentation
import XapianKit

/// Turns a parsed report into the Xapian document the index stores.
/// Pure and thread-safe: workers build documents in parallel, one writer adds them.
public enum DocumentBuilder {
    public struct FileInfo: Sendable {
        var realPath: String
        public var size: Int
        public var mtime: Double
    }

    /// A report's document, what it stores, and its text's sketch (for finding its copies).
    public struct Built {
        public var document: Document
        public var stored: StoredReport
        public var sketch: TextSketch
        /// CPU time spent on the sketch (`index` reports what finding copies costs).
        public var sketchNanoseconds: UInt64
    }

    public static func build(_ report: Report, file: FileInfo) throws -> Built {
        let doc = try Document()
        let normalized = Normalizer.normalize(report.text)
        let text = normalized.scalars
        let sketchStart = IndexUpdate.threadCPUNanoseconds()
        let sketch = TextSketch(normalized: text)
        let sketchNanoseconds = IndexUpdate.threadCPUNanoseconds() - sketchStart

        // Section starts in normalized offsets, in text order.
        let sections = report.sections.sorted { $0.start < $1.start }
        // Where each section's terms start: a heading that begins inside a run of text (white space
        // between ideographs is dropped, so a title line runs into "一、总体情况") starts its terms at
        // the run's end. Every run of touching terms then lies in one section, so a phrase without
        // punctuation (which lies in one run) never straddles two, and one phrase per section finds it.
        let sectionStarts = sections.map { section -> Int in
            var i = normalized.normalizedIndex(forOriginal: section.start)
            if i > 0 && i < text.count && Tokenizer.isTokenScalar(text[i - 1]) {
                while i < text.count && Tokenizer.isTokenScalar(text[i]) { i += 1 }
            }
            return i
        }
        // Heading spans (and the title) get their terms weighted up.
        var boosted: [Swift.Range<Int>] = sections.map { s in
            let a = normalized.normalizedIndex(forOriginal: s.start)
            let b = normalized.normalizedIndex(forOriginal: s.start + s.heading.unicodeScalars.count + 8)
            return a..<max(a, b)
        }
        if let title = report.title, !title.isEmpty, let r = report.text.range(of: title) {
            let a = report.text.unicodeScalars.distance(from: report.text.unicodeScalars.startIndex, to: r.lowerBound)
            let lo = normalized.normalizedIndex(forOriginal: a)
            let hi = normalized.normalizedIndex(forOriginal: a + title.unicodeScalars.count)
            boosted.append(lo..<max(lo, hi))
        }

        // Each term stands once, under the prefix of the section its first character lies in.
        var current = -1  // index into `sections` of the section the tokens are in (-1: none yet)
        var prefix = IndexSchema.textPrefix(nil)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)
        var failure: Error?
        // Characters that end a run, and the first characters of positional terms, per section
        // (ordinal + 1 in the high bits; 0: no section): a run end is stored (without position)
        // only when no term of its section starts with it, so a wildcard of the section finds it.
        var runEnds = Set<UInt64>()
        var termStarts = Set<UInt64>()
        _ = Tokenizer.forEachTerm(text, maxWordBytes: IndexSchema.maxWordBytes) { kind, start, stop, position in
            while current + 1 < sections.count && start >= sectionStarts[current + 1] {
                current += 1
                prefix = IndexSchema.textPrefix(sections[current].key)
            }
            let place = UInt64(current < 0 ? 0 : sections[current].key.ordinal + 1) << 32
            if kind == .runEnd { runEnds.insert(place | UInt64(text[start].value)); return }
            if kind != .word { termStarts.insert(place | UInt64(text[start].value)) }
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: prefix)
            Tokenizer.appendTerm(kind, text, start, stop, to: &buffer)
            var wdf: UInt32 = 1
            for b in boosted where b.contains(start) { wdf += IndexSchema.headingWdfBoost; break }
            do {
                try buffer.withUnsafeBufferPointer { try doc.addPosting($0, position: position, wdfIncrement: wdf) }
            } catch { failure = error }
        }
        if let failure { throw failure }
        for c in runEnds.subtracting(termStarts) {
            let place = Int(c >> 32)
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: IndexSchema.textPrefix(place == 0 ? nil : SectionKey.allCases[place - 1]))
            Tokenizer.appendUTF8(Unicode.Scalar(UInt32(c & 0xffff_ffff))!, to: &buffer)
            try buffer.withUnsafeBufferPointer { try doc.addTerm($0) }
        }

        try doc.setValue(IndexSchema.sketchSlot, sketch.encoded)
        if report.ocr { try doc.setValue(IndexSchema.ocrTextSlot, report.text) }

        let meta = report.metadata
        let id = ReportID.make(forRealPath: file.realPath)
        try doc.addBooleanTerm(IndexSchema.idPrefix + id)
        for key in Set(sections.map(\.key)) { try doc.addBooleanTerm(IndexSchema.sectionPrefix + key.rawValue) }

        let figures = FigureAccess.figures(of: report)
        for name in FigureAccess.sortableNames {
            if let v = figures[name], let slot = FigureAccess.slot(of: name) { try doc.setValue(slot, SortableNumber.encode(Double(v))) }
        }

        let broken = FigureAccess.brokenTables(report)
        let nulls = FigureAccess.nullReasons(of: report)
        let stored = StoredReport(
            id: id, path: file.realPath, title: report.title, year: meta.year, agency: meta.agency,
            region: meta.region, level: meta.level, format: meta.format,
            sections: sections.map { .init(key: $0.key, line: $0.line) },
            figures: figures.isEmpty ? nil : figures, checksFailed: broken.isEmpty ? nil : true,
            brokenTables: broken.isEmpty ? nil : broken, nulls: nulls.isEmpty ? nil : nulls,
            size: file.size, mtime: file.mtime, ocr: report.ocr ? true : nil)
        for field in IndexSchema.fields {
            if let slot = field.valueSlot { try addField(doc, field.termPrefix, slot, field.value(stored)) }
        }
        try store(stored, in: doc)
        return Built(document: doc, stored: stored, sketch: sketch, sketchNanoseconds: sketchNanoseconds)
    }

    /// What the index keeps of a report: the document's data, and the same bytes in a value slot,
    /// which a match set sorted by it carries (remote shards send it without a fetch per report).
    static func store(_ stored: StoredReport, in doc: Document) throws {
        let bytes = stored.encoded()
        try doc.setData(bytes)
        try doc.setValue(IndexSchema.storedSlot, bytes)
    }

    /// A field's value is both a filter term and a value slot; values too long
    /// for a term are cut at a character boundary (the slot keeps it whole).
    private static func addField(_ doc: Document, _ prefix: String, _ slot: UInt32, _ value: String?) throws {
        guard let value, !value.isEmpty else { return }
        try doc.setValue(slot, value)
        var term = prefix + value
        while term.utf8.count > Term.maxBytes { term.removeLast() }
        try doc.addBooleanTerm(term)
    }
}
