import XCTest
@testable import Segmentation

final class TokenizerTests: XCTestCase {
    private func terms(_ s: String) -> [String] { Tokenizer.tokens(of: s, maxWordBytes: 240).map { "\($0.term)@\($0.position)" } }

    func testBigramsThenTheLastCharacter() {
        XCTAssertEqual(terms("政府信息"), ["政府@1", "府信@2", "信息@3", "息@4"])
        XCTAssertEqual(terms("复"), ["复@1"])
    }

    /// Punctuation between two pieces takes one position, a gap term: the character before it and
    /// `|`, or `|` alone after a word; any stretch of punctuation and space is one gap.
    func testPunctuationIsAGapTerm() {
        XCTAssertEqual(terms("复议，诉讼"), ["复议@1", "议@2", "议|@3", "诉讼@4", "讼@5"])
        XCTAssertEqual(terms("复议，。 诉讼"), ["复议@1", "议@2", "议|@3", "诉讼@4", "讼@5"])
        XCTAssertEqual(terms("2020，复"), ["2020@1", "|@2", "复@3"])
        XCTAssertEqual(terms("，复议。"), ["复议@1", "议@2"], "none before the first piece or after the last")
    }

    func testTouchingLatinAndDigitsAreAdjacent() {
        XCTAssertEqual(terms("12345热线"), ["12345@1", "热线@2", "线@3"])
        XCTAssertEqual(terms("第3季度"), ["第@1", "3@2", "季度@3", "度@4"])
        XCTAssertEqual(terms("Hello World"), ["hello@1", "|@2", "world@3"])
    }

    func testRunEndsAreMarked() {
        XCTAssertEqual(Tokenizer.tokens(of: "政府信息，复", maxWordBytes: 240).map(\.kind), [.bigram, .bigram, .bigram, .runEnd, .gap, .unigram])
    }

    /// A run's end touching a word is the one the index keeps at its position (`附件1`); one
    /// before punctuation, a space or the end is not.
    func testARunEndBeforeAWordIsMarkedApart() {
        XCTAssertEqual(Tokenizer.tokens(of: "附件1号", maxWordBytes: 240).map(\.kind), [.bigram, .runEndBeforeWord, .word, .unigram])
        XCTAssertEqual(Tokenizer.tokens(of: "附件 1", maxWordBytes: 240).map(\.kind), [.bigram, .runEnd, .gap, .word])
        XCTAssertEqual(Tokenizer.tokens(of: "共计12件", maxWordBytes: 240).map(\.position), [1, 2, 3, 4])
        XCTAssertEqual(Tokenizer.tokens(of: "第3", maxWordBytes: 240).map(\.kind), [.unigram, .word])
    }

    func testEveryCharacterStartsSomeTerm() {
        // The invariant that makes one-character queries exact.
        let text = Array("依申请公开，行政复议。第3季度abc".unicodeScalars)
        let toks = Tokenizer.tokens(text, maxWordBytes: 240)
        for (i, s) in text.enumerated() where Normalizer.isCJK(s) {
            XCTAssertTrue(toks.contains { $0.start == i && $0.kind != .word && $0.kind != .gap }, "no term starts at \(s)")
        }
    }

    func testOverlongWordsAreSkipped() {
        let long = String(repeating: "a", count: 300)
        // The word takes no position; the gaps on either side of it are still gaps.
        XCTAssertEqual(terms("政府 \(long) 信息"), ["政府@1", "府@2", "府|@3", "|@4", "信息@5", "息@6"])
    }
}
