/// Chinese bigram tokenization with positions, the same for documents and
/// queries.
///
/// A CJK run c1…cn (n ≥ 2) gives the bigrams c1c2 … c(n-1)cn at consecutive
/// positions and then a `runEnd` token cn, which takes a position but which
/// the index stores only as a position-less term, and only when nothing else
/// in the document starts with cn (a one-character query then still finds
/// every document holding the character: some term starts with it). When a
/// Latin word or number touches the run (`附件1`, `第3`), cn is a
/// `runEndBeforeWord` instead, stored with its position. A run of one
/// character gives that unigram, with its position.
/// A run of Latin letters and digits gives one word. Segments that touch
/// (`12345热线`) take consecutive positions. Anything else between two
/// segments (punctuation, space) is a `gap` token, one position, stored as the
/// last character of the run before it and `|` (`议|`), or `|` alone after a
/// word. So a string with punctuation inside (`复议，诉讼`, `二、主动公开`) is a
/// phrase Xapian checks exactly: the only holes left in it are run ends, and
/// each stands between a bigram and a gap token, where nothing else fits.
public struct Token: Equatable, Sendable {
    public enum Kind: Sendable { case bigram, unigram, runEnd, runEndBeforeWord, word, gap }
    public var kind: Kind
    public var term: String
    public var position: UInt32
    /// Half-open range of normalized scalar offsets the term covers (a gap: the last scalar of
    /// the segment before it).
    public var start: Int
    public var end: Int
}

public enum Tokenizer {
    /// A character terms are made of (CJK or a Latin letter or digit); any stretch of others
    /// between two segments is one gap.
    @inline(__always)
    public static func isTokenScalar(_ s: Unicode.Scalar) -> Bool { Normalizer.isCJK(s) || Normalizer.isWordScalar(s) }

    /// What a gap token ends with.
    public static let gapMark: UInt8 = UInt8(ascii: "|")

    /// Appends the term of a token (UTF-8) to `buffer`: its text, or for a gap the character
    /// before it (when that ends a CJK run) and `gapMark`.
    @inline(__always)
    public static func appendTerm(_ kind: Token.Kind, _ text: [Unicode.Scalar], _ start: Int, _ end: Int, to buffer: inout [UInt8]) {
        guard kind == .gap else { appendUTF8(text, start, end, to: &buffer); return }
        if Normalizer.isCJK(text[start]) { appendUTF8(text[start], to: &buffer) }
        buffer.append(gapMark)
    }

    /// Calls `body(kind, start, end, position)` for every term of `text`, in order;
    /// returns the position after the last term. A Latin word longer than
    /// `maxWordBytes` (the index's limit, which this module does not know) is skipped.
    @inline(__always)
    public static func forEachTerm(
        _ text: [Unicode.Scalar], firstPosition: UInt32 = 1, maxWordBytes: Int,
        _ body: (Token.Kind, Int, Int, UInt32) -> Void
    ) -> UInt32 {
        var pos = firstPosition
        var i = 0
        let n = text.count
        var previousEnd = -1  // end of the previous segment, to detect touching segments
        while i < n {
            let s = text[i]
            if Normalizer.isCJK(s) {
                var j = i + 1
                while j < n && Normalizer.isCJK(text[j]) { j += 1 }
                if previousEnd >= 0 && previousEnd != i { body(.gap, previousEnd - 1, previousEnd, pos); pos &+= 1 }
                if j - i >= 2 {
                    for k in i..<(j - 1) { body(.bigram, k, k + 2, pos); pos &+= 1 }
                }
                let last: Token.Kind = j - i < 2 ? .unigram : j < n && Normalizer.isWordScalar(text[j]) ? .runEndBeforeWord : .runEnd
                body(last, j - 1, j, pos); pos &+= 1
                previousEnd = j
                i = j
            } else if Normalizer.isWordScalar(s) {
                var j = i + 1
                while j < n && Normalizer.isWordScalar(text[j]) { j += 1 }
                if previousEnd >= 0 && previousEnd != i { body(.gap, previousEnd - 1, previousEnd, pos); pos &+= 1 }
                if utf8Length(text, i, j) <= maxWordBytes { body(.word, i, j, pos); pos &+= 1 }
                previousEnd = j
                i = j
            } else {
                i += 1
            }
        }
        return pos
    }

    /// All tokens of already-normalized text.
    public static func tokens(_ text: [Unicode.Scalar], firstPosition: UInt32 = 1, maxWordBytes: Int) -> [Token] {
        var out: [Token] = []
        _ = forEachTerm(text, firstPosition: firstPosition, maxWordBytes: maxWordBytes) { kind, start, end, pos in
            var bytes: [UInt8] = []
            appendTerm(kind, text, start, end, to: &bytes)
            out.append(Token(kind: kind, term: String(decoding: bytes, as: UTF8.self), position: pos, start: start, end: end))
        }
        return out
    }

    /// All tokens of raw text (normalized first).
    public static func tokens(of raw: String, maxWordBytes: Int) -> [Token] {
        tokens(Normalizer.normalize(raw).scalars, maxWordBytes: maxWordBytes)
    }

    /// Appends the UTF-8 bytes of text[start..<end] to `buffer`.
    @inline(__always)
    public static func appendUTF8(_ text: [Unicode.Scalar], _ start: Int, _ end: Int, to buffer: inout [UInt8]) {
        for k in start..<end { appendUTF8(text[k], to: &buffer) }
    }

    /// Appends the UTF-8 bytes of one scalar to `buffer` (by hand: appending
    /// through String costs far more in the tokenizer's and snippets' loops).
    @inline(__always)
    public static func appendUTF8(_ s: Unicode.Scalar, to buffer: inout [UInt8]) {
        let v = s.value
        if v < 0x80 {
            buffer.append(UInt8(v))
        } else if v < 0x800 {
            buffer.append(UInt8(0xC0 | (v >> 6))); buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            buffer.append(UInt8(0xE0 | (v >> 12))); buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            buffer.append(UInt8(0xF0 | (v >> 18))); buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F))); buffer.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    @inline(__always)
    static func utf8Length(_ text: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int {
        var n = 0
        for k in start..<end {
            let v = text[k].value
            n += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
        }
        return n
    }
}
