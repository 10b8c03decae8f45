import Foundation
@testable import GovSearchCore
@testable import GovSearchOutput
import TestSupport
import XCTest

/// The one writer: bytes pass through unchanged, and a failed write is an
/// error the caller sees (at the write that fills the buffer, or at flush).
final class OutputWriterTests: XCTestCase {
    func testBytesReachTheFileUnchangedAtFlush() throws {
        let path = try temporaryDirectory("writer") + "/out"
        let out = try Output(creating: path)
        try out.write("依申请公开,")
        try out.write(bytes: Array("x\r\n".utf8))
        try out.line("第二行")
        try out.json(ErrorObject(query: "复议", message: "bad \"quote\""))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)).count, 0, "buffered until flushed")
        try out.close()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8),
                       "依申请公开,x\r\n第二行\n{\"query\":\"复议\",\"error\":\"bad \\\"quote\\\"\"}\n")
    }

    func testAFullDiskFailsAtFlushAndStaysFailed() throws {
        let fd = open("/dev/full", O_WRONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let out = Output(fileDescriptor: fd)
        try out.line("short")  // held in the buffer: nothing written yet
        XCTAssertThrowsError(try out.flush()) { error in
            XCTAssertEqual(error as? OutputError, OutputError(code: ENOSPC))
            XCTAssertEqual("\(error)", "cannot write output: No space left on device")
        }
        XCTAssertThrowsError(try out.line("more")) { XCTAssertEqual($0 as? OutputError, OutputError(code: ENOSPC)) }
        XCTAssertFalse(OutputError(code: ENOSPC).isClosedPipe)
        XCTAssertTrue(OutputError(code: EPIPE).isClosedPipe)
    }

    /// A long stream stops at the write that fills the buffer, not at the end.
    func testALongStreamStopsAtTheFirstFailedWrite() throws {
        let fd = open("/dev/full", O_WRONLY)
        defer { close(fd) }
        let out = Output(fileDescriptor: fd)
        var written = 0
        XCTAssertThrowsError(try {
            for _ in 0..<100_000 {
                try out.write(String(repeating: "行", count: 100))
                written += 1
            }
        }()) { XCTAssertEqual($0 as? OutputError, OutputError(code: ENOSPC)) }
        XCTAssertLessThan(written, 1000)
    }

    func testAFileThatCannotBeCreatedIsAnOutputError() {
        XCTAssertThrowsError(try Output(creating: "/nonexistent-dir/chart.svg")) {
            XCTAssertEqual($0 as? OutputError, OutputError(code: ENOENT))
        }
    }
}
