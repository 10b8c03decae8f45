import XCTest
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Reports
import TestSupport

/// Inputs that crashed a `make fuzz` target (docs/fuzzing.md), kept in
/// Tests/FuzzRegressions with the exact bytes the fuzzer wrote.
final class FuzzRegressionTests: XCTestCase {
    static func input(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: TestPaths.repo + "/Tests/FuzzRegressions/" + name))
    }

    /// A zip whose central directory offset points past the end of the bytes: ZIPFoundation's
    /// in-memory archive trapped ("Range requires lowerBound <= upperBound"). Now a one-line error.
    func testZipWithAnOffsetPastItsEndIsABadFormatError() throws {
        let data = try Self.input("zip-offset-past-end")
        for ext in ["docx", "xlsx", "ofd"] {
            XCTAssertThrowsError(try ReportReader.read(path: "/fuzz/report.\(ext)", data: data, ocr: false)) { error in
                let e = error as? ReportError
                XCTAssertTrue(e?.kind == .badFormat || e?.kind == .empty, "\(ext): \(error)")
            }
        }
    }

    /// The smallest such archive: an end-of-central-directory record alone, naming a
    /// central directory at offset 65535 of 22 bytes.
    func testEndRecordAloneWithAFarCentralDirectoryIsABadFormatError() {
        var eocd: [UInt8] = [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, 46, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0]
        XCTAssertEqual(eocd.count, 22)
        XCTAssertThrowsError(try ReportReader.read(path: "/fuzz/report.docx", data: Data(eocd), ocr: false)) { error in
            XCTAssertEqual((error as? ReportError)?.kind, .badFormat, "\(error)")
        }
        eocd[16] = 0  // offset 0: still nothing there, and still an error, not a trap
        XCTAssertThrowsError(try ReportReader.read(path: "/fuzz/report.docx", data: Data(eocd), ocr: false))
    }

    /// A .docx whose deflate stream ends before its end of stream: ZIPFoundation looped for
    /// ever (its provider returned empty chunks past the entry and `inflate` was never called
    /// again), so `govsearch index` hung. Our reader stops when the input is used up.
    func testDeflateStreamCutShortIsABadFormatError() throws {
        let data = try Self.input("zip-compressed-size-past-end")
        for ext in ["docx", "xlsx", "ofd"] {
            XCTAssertThrowsError(try ReportReader.read(path: "/fuzz/report.\(ext)", data: data, ocr: false)) { error in
                let e = error as? ReportError
                XCTAssertTrue(e?.kind == .badFormat || e?.kind == .empty, "\(ext): \(error)")
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
        XCTAssertThrowsError(try ReportReader.read(path: "/fuzz/report.docx", data: data, ocr: false)) { error in
            XCTAssertEqual((error as? ReportError)?.kind, .badFormat, "\(error)")
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
    }

    /// A zip of entries written by hand: (name, method, the entry's bytes as stored, the
    /// declared inflated size). CRCs are zero (the reader does not check them).
    static func zip(_ entries: [(name: String, method: Int, data: [UInt8], size: Int)], zip64Marker: Bool = false) -> Data {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
        var out: [UInt8] = [], directory: [UInt8] = []
        for e in entries {
            let name = Array(e.name.utf8)
            let offset = out.count
            out += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(e.method)
            out += le16(0) + le16(0) + le32(0) + le32(e.data.count) + le32(e.size)
            out += le16(name.count) + le16(0) + name + e.data
            directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(e.method)
            directory += le16(0) + le16(0) + le32(0) + le32(e.data.count) + le32(zip64Marker ? 0xFFFF_FFFF : e.size)
            directory += le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = out.count
        out += directory
        out += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        out += le32(directory.count) + le32(directoryOffset) + le16(0)
        return Data(out)
    }

    /// ("政府信息公开工作年度报告\n" × 50) deflated raw by Python's zlib (level 9, wbits -15).
    static let deflated: [UInt8] = [
        0x7B, 0x36, 0x65, 0xFF, 0xD3, 0x5D, 0x73, 0x9E, 0xEC, 0x5F, 0xF8, 0xAC, 0x71, 0xFD, 0xD3, 0xD6, 0x35, 0x4F, 0xF7, 0x34,
        0x3C, 0xDD, 0xBE, 0xF4, 0xC9, 0xDE, 0x39, 0x4F, 0x77, 0x6E, 0x79, 0xBA, 0x6B, 0xD9, 0xB3, 0xAE, 0xA5, 0x4F, 0x27, 0x76,
        0x71, 0x3D, 0x1B, 0x55, 0x34, 0xAA, 0x68, 0x54, 0xD1, 0xA8, 0xA2, 0x51, 0x45, 0xA3, 0x8A, 0x46, 0x15, 0x41, 0x14, 0x01,
        0x00,
    ]
    static let plain = Array(String(repeating: "政府信息公开工作年度报告\n", count: 50).utf8)

    /// Stored and deflated entries read back as written; a missing one is nil; "/" is ignored.
    func testStoredAndDeflatedEntriesReadBack() throws {
        let stored = Array("<a>stored 政府</a>".utf8)
        let data = Self.zip([("a.xml", 0, stored, stored.count), ("b/c.txt", 8, Self.deflated, Self.plain.count)])
        var zip = try ZipReport(data, path: "/t/x.docx", kind: ".docx")
        XCTAssertEqual(try zip.read("a.xml"), Data(stored))
        XCTAssertEqual(try zip.read("/b/c.txt"), Data(Self.plain))
        XCTAssertNil(try zip.read("missing.xml"))
        XCTAssertEqual(zip.inflated, stored.count + Self.plain.count)
        XCTAssertThrowsError(try zip.require("missing.xml")) { XCTAssertTrue("\($0)".contains(".docx has no missing.xml"), "\($0)") }
        // Through the .docx reader: the entry's text.
        let body = Array("<w:document><w:body><w:p><w:r><w:t>年度报告</w:t></w:r></w:p></w:body></w:document>".utf8)
        let docx = Self.zip([("word/document.xml", 0, body, body.count)])
        let report = try ReportReader.read(path: "/t/hand.docx", data: docx, ocr: false)
        XCTAssertEqual(report.text.trimmingCharacters(in: .whitespacesAndNewlines), "年度报告")
    }

    /// Each way an entry can be broken is a one-line bad-format error naming it.
    func testBrokenEntriesAreBadFormatErrors() throws {
        func refused(_ data: Data, _ entry: String, _ words: String, line: UInt = #line) {
            do {
                var zip = try ZipReport(data, path: "/t/x.docx", kind: ".docx")
                _ = try zip.read(entry)
                XCTFail("read \(entry)", line: line)
            } catch let e as ReportError {
                XCTAssertEqual(e.kind, .badFormat, line: line)
                XCTAssertTrue(e.description.contains(words), e.description, line: line)
            } catch { XCTFail("\(error)", line: line) }
        }
        let size = Self.plain.count
        // Cut short at every length: all input used without the end of the stream.
        for n in 0..<Self.deflated.count {
            refused(Self.zip([("c.txt", 8, Array(Self.deflated.prefix(n)), size)]), "c.txt", "entry c.txt is truncated")
        }
        refused(Self.zip([("c.txt", 8, [0xFF, 0xFF, 0xFF, 0xFF], size)]), "c.txt", "entry c.txt is damaged")
        refused(Self.zip([("c.txt", 12, Self.deflated, size)]), "c.txt", "unsupported compression method 12")
        refused(Self.zip([("c.txt", 8, Self.deflated, size)], zip64Marker: true), "c.txt", "ZIP64")
        // A stored entry whose bytes run past the archive's end.
        var past = [UInt8](Self.zip([("a", 0, [1, 2, 3], 3)]))
        past[18] = 0xF0  // local header's compressed size: far past the end
        let directory = past.count - 22 - 47  // the central directory record (name "a")
        past[directory + 20] = 0xF0
        refused(Data(past), "a", "entry a is truncated")
        // A local header offset pointing at something else.
        var moved = [UInt8](Self.zip([("a", 0, [1, 2, 3], 3)]))
        moved[moved.count - 22 - 47 + 42] = 1
        refused(Data(moved), "a", "no local header")
    }

    /// A deflated entry inflating past its declared size still stops at the limit (a lying size).
    func testLyingSizeStillStopsAtTheLimit() throws {
        // 40 MiB of zeros deflate to ~40 KiB; declared as 1,000 bytes.
        var stream = [UInt8]()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import zlib,sys; c=zlib.compressobj(9, zlib.DEFLATED, -15); sys.stdout.buffer.write(c.compress(bytes(40<<20))+c.flush())"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        stream = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        var zip = try ZipReport(Self.zip([("z", 8, stream, 1000)]), path: "/t/bomb.docx", kind: ".docx")
        XCTAssertThrowsError(try zip.read("z")) { XCTAssertTrue("\($0)".contains("inflates past the 32 MiB limit"), "\($0)") }
    }

    /// The OLE fuzzer's input crashed in `FileHandle.availableData`, which traps when a
    /// signal (libFuzzer's timer) interrupts the read of a converter's output. A converter
    /// read under a stream of signals whose handler does not restart system calls.
    func testConverterOutputIsReadAcrossInterruptedReads() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0  // no SA_RESTART: a blocked read returns EINTR
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        XCTAssertEqual(sigaction(SIGALRM, &action, &previous), 0)
        var timer = itimerval(it_interval: timeval(tv_sec: 0, tv_usec: 2000), it_value: timeval(tv_sec: 0, tv_usec: 2000))
        XCTAssertEqual(setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil), 0)
        defer {
            var off = itimerval()
            setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &off, nil)
            sigaction(SIGALRM, &previous, nil)
        }
        let out = try ExternalTool.run("/bin/sh", ["-c", "sleep 0.3; echo done; sleep 0.2; echo again >&2; echo end"], path: "/fuzz/x")
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "done\nend\n")
    }

    /// The OLE input itself reads to text or a clean error (antiword and xlrd).
    func testOLEFuzzInputReadsCleanly() throws {
        guard ExternalTool.find("antiword") != nil else { throw XCTSkip("antiword is not installed") }
        let data = try Self.input("ole-eintr")
        let dir = NSTemporaryDirectory() + "govsearch-ole-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for ext in ["doc", "xls"] {
            let path = dir + "/report." + ext
            try data.write(to: URL(fileURLWithPath: path))
            do {
                _ = try ReportReader.read(path: path, ocr: false)
            } catch let e as ReportError {
                XCTAssertTrue([.badFormat, .empty].contains(e.kind), "\(ext): \(e)")
            }
        }
    }
}
