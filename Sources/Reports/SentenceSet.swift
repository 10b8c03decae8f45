import Segmentation

/// A report's sentences, for measuring how much of one report another repeats (`similar`).
///
/// A sentence ends at 。！？； or their ASCII forms — not at a line end, so hard-wrapped
/// and collapsed copies have the same sentences; it is kept as its Chinese characters and
/// digits only (layout, punctuation and white space don't matter), and only when it has at
/// least `minimumLength` of them: headings shared by every report of a template are shorter,
/// and a table without full stops is one long sentence that matches only its identical twin.
public struct SentenceSet: Sendable {
    public private(set) var sentences: Set<String>

    public static let minimumLength = 8

    public init(text: String) {
        var out = Set<String>()
        var current = String.UnicodeScalarView()
        func end() {
            if current.count >= Self.minimumLength { out.insert(String(current)) }
            current.removeAll(keepingCapacity: true)
        }
        for s in Normalizer.normalize(text).scalars {
            switch s.value {
            case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B: end()
            default:
                if TextFingerprint.isShingleCharacter(s.value) { current.append(s) }
            }
        }
        end()
        sentences = out
    }

    public var count: Int { sentences.count }

    /// Sentences of `self` also in `other`.
    public func shared(with other: SentenceSet) -> Int {
        let (small, large) = sentences.count <= other.sentences.count ? (sentences, other.sentences) : (other.sentences, sentences)
        return small.reduce(0) { $0 + (large.contains($1) ? 1 : 0) }
    }

    /// The share of this text's sentences found in `other` (0 when it has none).
    public func share(in other: SentenceSet) -> Double {
        count == 0 ? 0 : Double(shared(with: other)) / Double(count)
    }
}
