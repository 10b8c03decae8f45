import Foundation
@testable import GovSearchCore
import Reports
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `govsearch index` on a folder of hostile files: each bad one is skipped
/// with one line naming it (escaped) and the cause, the rest are indexed, and
/// the run stays under 300 MiB.
extension IndexRobustnessTests {
    func testHostileFolderIsSkippedFileByFileInBoundedMemory() throws {
        let dir = try tempDir("hostile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let fixtures = TestPaths.fixtures
        for good in ["Fixtures/000_06b7d66bc02cc0a1.txt", "FormatFixtures/106_doc_from_003.doc", "FormatFixtures/108_ofd_from_001.ofd", "FormatFixtures/109_xlsx_from_003.xlsx"] {
            try FileManager.default.copyItem(atPath: TestPaths.repo + "/" + good, toPath: docs + "/" + (good as NSString).lastPathComponent)
        }
        let report = try String(contentsOfFile: fixtures + "/002_200c8c4550b3db35.txt", encoding: .utf8)
        let deep = String(repeating: "<div>", count: 200_000) + report + String(repeating: "</div>", count: 200_000)
        try deep.write(toFile: docs + "/deep.html", atomically: false, encoding: .utf8)
        // The zip files are written by python's zipfile: a 1 GB bomb whose sizes are honest, one whose
        // sizes say 1000 bytes (only counting while inflating stops it), and billion-laughs XML.
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        let script = """
        import struct, sys, zipfile
        d = sys.argv[1]
        def bomb(name, lie):
            with zipfile.ZipFile(d + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
                with z.open("word/document.xml", "w") as f:
                    c = b"<w:p><w:r><w:t>" + b"x" * 4000 + b"</w:t></w:r></w:p>"
                    for _ in range((1 << 30) // len(c)): f.write(c)
            if lie:
                b = bytearray(open(d + "/" + name, "rb").read())
                i = b.find(b"PK\\x01\\x02")
                b[i + 24:i + 28] = struct.pack("<I", 1000)  # uncompressed size, central directory
                b[22:26] = struct.pack("<I", 1000)  # and local header
                open(d + "/" + name, "wb").write(b)
        bomb("bomb.docx", False)
        bomb("bomb-lying.docx", True)
        laughs = '\(laughs)'
        with zipfile.ZipFile(d + "/laughs.docx", "w") as z:
            z.writestr("word/document.xml", laughs + "<w:document><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>")
        with zipfile.ZipFile(d + "/laughs.ofd", "w") as z:
            z.writestr("OFD.xml", laughs + "<ofd:OFD><ofd:DocBody><ofd:DocRoot>&c;</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        """
        XCTAssertEqual(try run("/usr/bin/env", ["python3", "-c", script, docs]).status, 0)
        let docx = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/103_docx_from_003.docx"))
        try docx.prefix(docx.count / 2).write(to: URL(fileURLWithPath: docs + "/truncated.docx"))
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) })
        for name in ["noise.pdf", "noise.doc", "bad\nname.doc", "\u{202E}fdp.pdf"] {
            try noise.write(to: URL(fileURLWithPath: docs + "/" + name))
        }
        let bad = ["bomb.docx", "bomb-lying.docx", "laughs.docx", "laughs.ofd", "truncated.docx", "noise.pdf", "noise.doc", "bad\nname.doc", "\u{202E}fdp.pdf"]

        let (status, rssKiB, seconds, out, err) = try measured([binary, "index", docs, "--index", dir + "/index"], in: dir)
        print(err + out + String(format: "hostile folder: peak RSS %.1f MiB, wall time %.2f s", Double(rssKiB) / 1024, seconds))
        XCTAssertEqual(status, 0, err)
        XCTAssertLessThan(rssKiB, 300 * 1024)
        let skipLines = err.split(separator: "\n").filter { $0.hasPrefix("govsearch: skipped ") }
        XCTAssertEqual(skipLines.count, bad.count, err)
        for name in bad {
            let shown = "govsearch: skipped " + ReportError.printable(FileWalker.realPath(docs + "/" + name)!) + ": "
            XCTAssertEqual(skipLines.filter { $0.hasPrefix(shown) }.count, 1, "\(shown) in\n\(err)")
        }
        XCTAssertFalse(err.contains("\u{202E}"))
        XCTAssertTrue(out.contains("indexed 5 files"), out)
        XCTAssertEqual(err.components(separatedBy: "inflates past the 32 MiB limit").count, 3, err)  // both bombs
        XCTAssertTrue(err.contains("declares a DTD"), err)
    }

    /// Runs a command with posix_spawn and wait4, for its own peak RSS (KiB) and wall time.
    func measured(_ argv: [String], in dir: String) throws -> (Int32, Int, Double, String, String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        XCTAssertEqual(posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ), 0)
        var status: Int32 = 0
        var usage = rusage()
        XCTAssertEqual(wait4(pid, &status, 0, &usage), pid)
        let seconds = Date().timeIntervalSince(start)
        let out = try String(contentsOfFile: dir + "/stdout", encoding: .utf8)
        let err = try String(contentsOfFile: dir + "/stderr", encoding: .utf8)
        return ((status >> 8) & 0xFF, Int(usage.ru_maxrss), seconds, out, err)
    }
}
