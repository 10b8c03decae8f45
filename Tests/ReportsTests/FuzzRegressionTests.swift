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

    /// The zip reader leaves no temporary copy behind, read or refused.
    func testZipReadingLeavesNoTemporaryFiles() throws {
        func copies() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("govsearch-zip-") }.count
        }
        let before = try copies()
        _ = try ReportReader.read(path: TestPaths.fixture("103_docx"), ocr: false)
        _ = try? ReportReader.read(path: "/fuzz/report.docx", data: try Self.input("zip-offset-past-end"), ocr: false)
        XCTAssertEqual(try copies(), before)
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
