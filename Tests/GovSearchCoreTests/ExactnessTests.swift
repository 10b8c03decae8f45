import Foundation
@testable import GovSearchCore
import TestSupport
import XCTest

/// The first rule: a Chinese string matches exactly the reports whose
/// normalized text contains it — checked against a naive scan.
final class ExactnessTests: XCTestCase {
    func testRandomSubstringsMatchExactlyTheNaiveScan() throws {
        try checkRandomSubstrings(try TestCorpus.shared(), count: 300)
    }

    /// The seeds' copies in HTML, .docx, PDF, GB18030 and UTF-16: exact through every reader.
    func testRandomSubstringsInEveryFormat() throws {
        let first = try TestCorpus.formats(round: 0), second = try TestCorpus.formats(round: 1)
        XCTAssertEqual(first.texts.count + second.texts.count, 5)
        try checkRandomSubstrings(first, count: 150)
        try checkRandomSubstrings(second, count: 50)
    }

    /// A lone character right after a number (`2020年`, `12月`, `3件`) is a plain phrase of the
    /// number and the index's terms starting with that character: exact against the naive scan,
    /// sampled from the texts, with the section facet of each equal to its count per section.
    func testANumberBeforeALoneCharacterIsAPhrase() throws {
        let corpus = try TestCorpus.shared()
        var queries = Set(["2020年", "2019年", "12月", "1月", "3件", "2021年度"])
        for text in corpus.texts.values.sorted() {
            let scalars = Array(text.unicodeScalars)
            var i = 0
            while i < scalars.count && queries.count < 60 {
                var j = i
                while j < scalars.count && ("0"..."9").contains(scalars[j]) { j += 1 }
                if j > i && j < scalars.count && TestCorpus.isHan(scalars[j]) && (i == 0 || !("0"..."9").contains(scalars[i - 1])) {
                    var v = String.UnicodeScalarView()
                    v.append(contentsOf: scalars[i...j])
                    queries.insert(String(v))
                }
                i = max(j, i + 1)
            }
        }
        XCTAssertGreaterThan(queries.count, 30)
        // The truth: the normalized text holds the string where no letter or digit stands before
        // it (a number is one word: `4件` is not inside `14件`; CONTRACT.md's strings start with Han).
        func naive(_ q: String) -> Set<String> {
            let needle = Array(TextOracle.normalize(q).unicodeScalars)
            return Set(corpus.texts.filter { _, text in
                let t = Array(text.unicodeScalars)
                guard t.count >= needle.count else { return false }
                for i in 0...(t.count - needle.count) where t[i] == needle[0] && Array(t[i..<(i + needle.count)]) == needle {
                    if i == 0 || !(t[i - 1].isASCII && t[i - 1].properties.isAlphabetic || ("0"..."9").contains(t[i - 1])) { return true }
                }
                return false
            }.keys)
        }
        for q in queries.sorted() {
            let want = naive(q)
            let result = try corpus.search(q, facets: [.section])
            XCTAssertEqual(Set(result.hits.map(\.path)), want, q)
            XCTAssertEqual(result.total, want.count, q)
        }
    }

    /// Characters before a number (`第3季度`, `共计12件`, `附件1号`): the run's last character is kept
    /// at its position, so the string is one phrase without a hole, exact against the naive scan. Sampled from the texts: up to three Han characters, a number,
    /// a Han character.
    func testCharactersBeforeANumberArePhrases() throws {
        let corpus = try TestCorpus.shared()
        var queries = Set(["第3季度", "共计12件"])
        for text in corpus.texts.values.sorted() where queries.count < 60 {
            let s = Array(text.unicodeScalars)
            var j = 1
            while j < s.count && queries.count < 60 {
                defer { j += 1 }
                guard ("0"..."9").contains(s[j]), TestCorpus.isHan(s[j - 1]) else { continue }
                var k = j
                while k < s.count && ("0"..."9").contains(s[k]) { k += 1 }
                guard k < s.count, TestCorpus.isHan(s[k]) else { continue }
                var i = j - 1
                while i > 0 && j - i < 3 && TestCorpus.isHan(s[i - 1]) { i -= 1 }
                var v = String.UnicodeScalarView()
                v.append(contentsOf: s[i...k])
                queries.insert(String(v))
            }
        }
        XCTAssertGreaterThan(queries.count, 30)
        var multi = 0
        for q in queries.sorted() {
            let p = try XCTUnwrap(TextPattern(q))
            // One term per position, no hole (the last character starts its run: the terms starting with it).
            XCTAssertEqual(p.slots.map(\.offset), (0..<UInt32(p.slots.count)).map { $0 }, q)
            XCTAssertTrue(p.slots.dropLast().allSatisfy { if case .term = $0.slot { true } else { false } }, q)
            if p.slots.count > 2 { multi += 1 }
            let want = corpus.naiveMatches(q)
            let result = try corpus.search(q, facets: [.section])
            XCTAssertEqual(Set(result.hits.map(\.path)), want, q)
            XCTAssertEqual(result.total, want.count, q)
        }
        XCTAssertGreaterThan(multi, 20, "runs of two or more characters before the number")
    }

    /// Strings with punctuation inside (`复议，诉讼`, `况。二、主动`): one phrase whose gaps are terms
    /// (`议|`), exact against a scan in which any stretch of punctuation or space between two
    /// pieces is one gap. Sampled from the texts,
    /// starting and ending with a Han character.
    func testStringsWithPunctuationInsideMatchTheScan() throws {
        let corpus = try TestCorpus.shared()
        enum Kind { case han, word, gap }
        func kind(_ c: Unicode.Scalar) -> Kind {
            if TestCorpus.isHan(c) { return .han }
            if c.isASCII { return ("0"..."9").contains(c) || ("a"..."z").contains(c) ? .word : .gap }
            return c.properties.isAlphabetic || c.properties.numericType == .decimal ? .word : .gap
        }
        /// The text with each stretch of gap characters as one "|".
        func skeleton(_ text: String) -> [UInt8] {
            var v = String.UnicodeScalarView()
            for c in text.unicodeScalars {
                if kind(c) != .gap { v.append(c) } else if v.last != "|" { v.append("|") }
            }
            return Array(String(v).utf8)
        }
        let skeletons = corpus.texts.mapValues(skeleton)
        var rng = SeededRandom(state: 7)
        let paths = corpus.texts.keys.sorted()
        var queries = Set<String>()
        var attempts = 0
        while queries.count < 80 && attempts < 200_000 {
            attempts += 1
            let text = Array(corpus.texts[paths.randomElement(using: &rng)!]!.unicodeScalars)
            guard text.count > 20 else { continue }
            let start = Int.random(in: 0..<(text.count - 12), using: &rng)
            let piece = Array(text[start..<(start + Int.random(in: 3...12, using: &rng))])
            guard kind(piece.first!) == .han, kind(piece.last!) == .han,
                  piece.contains(where: { kind($0) == .gap }),
                  !piece.contains(where: { $0.properties.isWhitespace || "|\"“”()".unicodeScalars.contains($0) }) else { continue }
            var v = String.UnicodeScalarView()
            v.append(contentsOf: piece)
            queries.insert(String(v))
        }
        XCTAssertGreaterThan(queries.count, 50)
        for q in queries.sorted() {
            let p = try XCTUnwrap(TextPattern(q))
            XCTAssertTrue(p.crossesGaps, q)
            let needle = skeleton(TextOracle.normalize(q))
            let want = Set(skeletons.filter { TextOracle.occurs(needle, in: $0.value) }.keys)
            let result = try corpus.search("\"\(q)\"", facets: [.section])
            XCTAssertEqual(Set(result.hits.map(\.path)), want, q)
            XCTAssertEqual(result.total, want.count, q)
        }
    }

    func checkRandomSubstrings(_ corpus: TestCorpus, count: Int) throws {
        var rng = SeededRandom(state: 42)
        let paths = corpus.texts.keys.sorted()
        var queries: [String] = []
        // Substrings of length 1…10 that start and end with a Han character,
        // digits and Latin letters allowed between (CONTRACT.md, Exactness).
        while queries.count < count {
            let text = Array(corpus.texts[paths.randomElement(using: &rng)!]!.unicodeScalars)
            guard text.count > 20 else { continue }
            let start = Int.random(in: 0..<(text.count - 10), using: &rng)
            let length = Int.random(in: 1...10, using: &rng)
            let piece = Array(text[start..<(start + length)])
            guard TestCorpus.isHan(piece.first!), TestCorpus.isHan(piece.last!),
                  piece.allSatisfy({ TestCorpus.isHan($0) || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) })
            else { continue }
            var v = String.UnicodeScalarView()
            v.append(contentsOf: piece)
            queries.append(String(v))
        }
        // Strings that occur nowhere.
        queries += ["的的的的", "鑫鑫", "政府信息公开工作年度报告年度报告", "龘"]
        var checked = 0
        for q in queries {
            let want = corpus.naiveMatches(q)
            let got = Set(try corpus.search(q).hits.map(\.path))
            XCTAssertEqual(got, want, "query \(q): \(got.subtracting(want).count) false, \(want.subtracting(got).count) missed")
            // Quoted forms: the same exact total.
            for form in ["\"\(q)\"", "“\(q)”", "「\(q)」"] {
                XCTAssertEqual(try corpus.search(form, limit: 0).total, want.count, form)
            }
            checked += 1
        }
        XCTAssertEqual(checked, queries.count)
    }

    func testStringsAcrossLineBreaksAndFullWidthSpaces() throws {
        let corpus = try TestCorpus.shared()
        // Fixture 000 wraps nothing, so build the cases from the raw files: every
        // Han–break–Han spot gives a query without the break.
        var queries = Set<String>()
        for path in corpus.texts.keys.sorted().prefix(40) {
            guard let raw = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let s = Array(raw.unicodeScalars)
            for i in 2..<max(2, s.count - 3) where (s[i] == "\n" || s[i] == "\u{3000}") && TestCorpus.isHan(s[i - 1]) {
                var j = i
                while j < s.count && (s[j] == "\n" || s[j] == "\r" || s[j] == "\u{3000}" || s[j] == " ") { j += 1 }
                guard j + 1 < s.count, TestCorpus.isHan(s[j]), TestCorpus.isHan(s[i - 2]) else { continue }
                var v = String.UnicodeScalarView()
                v.append(contentsOf: [s[i - 2], s[i - 1], s[j]])
                if j + 1 < s.count, TestCorpus.isHan(s[j + 1]) { v.append(s[j + 1]) }
                queries.insert(String(v))
                if queries.count >= 60 { break }
            }
        }
        XCTAssertGreaterThan(queries.count, 10)
        for q in queries {
            let want = corpus.naiveMatches(q)
            XCTAssertFalse(want.isEmpty, q)
            XCTAssertEqual(Set(try corpus.search(q).hits.map(\.path)), want, q)
        }
        // A full-width space inside the query is removed like in the text.
        XCTAssertEqual(Set(try corpus.search("\"行政\u{3000}复议\"").hits.map(\.path)), corpus.naiveMatches("行政复议"))
    }

    func testTwoCharacterWordAndWordsAnded() throws {
        let corpus = try TestCorpus.shared()
        let a = corpus.naiveMatches("复议"), b = corpus.naiveMatches("诉讼")
        XCTAssertEqual(Set(try corpus.search("复议").hits.map(\.path)), a)
        XCTAssertEqual(Set(try corpus.search("复议 诉讼").hits.map(\.path)), a.intersection(b))
        XCTAssertEqual(Set(try corpus.search("复议 OR 诉讼").hits.map(\.path)), a.union(b))
        XCTAssertEqual(Set(try corpus.search("复议 -诉讼").hits.map(\.path)), a.subtracting(b))
        XCTAssertEqual(Set(try corpus.search("复议 NOT 诉讼").hits.map(\.path)), a.subtracting(b))
        let c = corpus.naiveMatches("保密审查")
        XCTAssertEqual(Set(try corpus.search("(复议 OR 诉讼) 保密审查").hits.map(\.path)), a.union(b).intersection(c))
    }

    func testTotalsAreExact() throws {
        let corpus = try TestCorpus.shared()
        for q in ["行政复议", "依申请公开", "政务新媒体", "复"] {
            let r = try corpus.search(q, limit: 5)
            XCTAssertEqual(r.total, corpus.naiveMatches(q).count, q)
            XCTAssertLessThanOrEqual(r.hits.count, 5)
        }
    }
}
