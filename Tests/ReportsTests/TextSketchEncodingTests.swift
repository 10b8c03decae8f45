import Foundation
@testable import Reports
import XCTest

/// The sketch's base64 form, decoded by hand for `similar`: the same values Foundation's decoder
/// gives, and nil for anything that is not padded base64 of whole 32-bit numbers.
final class TextSketchEncodingTests: XCTestCase {
    func testEveryPaddingRoundTripsAsFoundationDecodes() {
        var rng = SystemRandomNumberGenerator()
        for count in 0..<40 {
            let sketch = TextSketch(characters: Int.random(in: 0...1_000_000, using: &rng),
                                    samples: (0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }.sorted())
            let text = sketch.encoded
            XCTAssertEqual(TextSketch(base64: Array(text.utf8)), sketch, "\(count) samples")
            let viaFoundation = Data(base64Encoded: text).map { data in
                data.withUnsafeBytes { raw in stride(from: 0, to: raw.count, by: 4).map { raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self).littleEndian } }
            }
            XCTAssertEqual(viaFoundation, [UInt32(sketch.characters)] + sketch.samples)
        }
    }

    func testWhatIsNotASketchIsNil() {
        let good = TextSketch(characters: 12, samples: [1, 2, 3]).encoded  // 16 bytes: "…==" padding
        XCTAssertTrue(good.hasSuffix("=="))
        XCTAssertNotNil(TextSketch(encoded: good))
        XCTAssertEqual(TextSketch(encoded: "AAAAAA=="), TextSketch(characters: 0, samples: []), "four zero bytes")
        for bad in ["", "A", "AAA=", "AAAAAAA=", String(good.dropLast(4)), good.replacingOccurrences(of: "A", with: "*"),
                    "=" + good.dropFirst(), String(good.dropLast(2)) + "A=", "AAAA"] {
            XCTAssertNil(TextSketch(encoded: bad), bad)
        }
    }
}
