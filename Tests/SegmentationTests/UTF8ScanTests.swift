@testable import Segmentation
import XCTest

final class UTF8ScanTests: XCTestCase {
    func testValidationAgreesWithTheStandardLibrary() {
        var state: UInt64 = 5
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED, 0xEE, 0xEF,
                                    0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F]
        for _ in 0..<30_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 24) {
                bytes.append(next() % 3 == 0 ? UInt8(truncatingIfNeeded: next()) : interesting[Int(next() % UInt64(interesting.count))])
            }
            if next() % 2 == 0 { bytes = Array("政府信息abc".utf8) + bytes }
            XCTAssertEqual(UTF8Scan.scan(bytes) != .invalid, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
        }
    }

    /// Matching on the bytes as written assumes ideographs are their own normal
    /// form; every character whose normal form holds an ideograph without
    /// being one must be flagged. Checked over planes 0–2 with the index's normalizer.
    func testEveryCharacterNormalizingToAnIdeographIsFlagged() {
        var missed: [String] = []
        var flagged = 0
        for v in UInt32(0x80)...0x2FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let unified = Normalizer.isCJK(s) && !(0xF900...0xFAFF).contains(v) && !(0x2F800...0x2FA1F).contains(v)
            if unified { continue }
            guard Normalizer.normalize([s]).scalars.contains(where: Normalizer.isCJK) else { continue }
            if UTF8Scan.scan(Array(String(s).utf8)) == .valid(compatibilityIdeographs: true) {
                flagged += 1
            } else {
                missed.append(String(v, radix: 16))
            }
        }
        XCTAssertEqual(missed, [])
        XCTAssertGreaterThan(flagged, 1500)  // 214 Kangxi radicals, 1,000+ compatibility ideographs, …
        XCTAssertEqual(UTF8Scan.scan(Array("政府信息公开，。、「」（）１２ abc 𠀀".utf8)), .valid(compatibilityIdeographs: false))
        XCTAssertEqual(UTF8Scan.scan(Array("依申请公开⾏政".utf8)), .valid(compatibilityIdeographs: true))
    }
}
