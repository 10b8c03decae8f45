import XCTest
@testable import Segmentation

final class NormalizerTests: XCTestCase {
    func testFullWidthAndCase() {
        XCTAssertEqual(Normalizer.normalize("ＡＢＣ１２３（一）Xy").string, "abc123(一)xy")
    }

    func testWhiteSpaceBetweenIdeographsIsRemoved() {
        XCTAssertEqual(Normalizer.normalize("政府信\n息公开").string, "政府信息公开")
        XCTAssertEqual(Normalizer.normalize("政府\u{3000}\u{3000}信息").string, "政府信息")
        XCTAssertEqual(Normalizer.normalize("政府\r\n 信息").string, "政府信息")
        // Not between an ideograph and anything else.
        XCTAssertEqual(Normalizer.normalize("政府 abc").string, "政府 abc")
        XCTAssertEqual(Normalizer.normalize("。\n政府").string, "。 政府")
    }

    func testOriginMapsBackToTheOriginal() {
        let text = "Ａ政\n府Ｂ"
        let n = Normalizer.normalize(text)
        XCTAssertEqual(n.string, "a政府b")
        XCTAssertEqual(n.origin, [0, 1, 3, 4])
        XCTAssertEqual(n.normalizedIndex(forOriginal: 2), 2)
        XCTAssertEqual(n.normalizedIndex(forOriginal: 5), 4)
    }

    func testCompatibilityIdeographsFold() {
        // U+F900 is a compatibility ideograph; NFKC maps it to U+8C48.
        XCTAssertEqual(Normalizer.normalize("\u{F900}").string, "\u{8C48}")
    }
}
