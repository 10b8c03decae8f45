import Segmentation

/// What a report's text is made of, for telling copies of one report from
/// different reports: the set of its 5-character shingles over the normalized
/// text with everything but Chinese characters and digits left out.
///
/// Leaving out Latin letters, punctuation and white space makes the shingles
/// the same whatever the format did to the layout (pdftotext's columns,
/// collapsed white space, a saved page's markup). A saved page's chrome
/// (navigation, breadcrumb, footer) adds shingles the report lacks, so copies
/// are judged by containment — the share of the smaller set found in the
/// larger — not by Jaccard alone.
public struct TextFingerprint: Sendable, Equatable {
    /// Shingle hashes, sorted, without repeats.
    public private(set) var shingles: [UInt64]

    public static let shingleLength = 5

    /// Chinese characters and ASCII digits: what survives every format's layout.
    @inline(__always) static func isShingleCharacter(_ v: UInt32) -> Bool {
        CJK.isIdeograph(v) || (v >= 0x30 && v <= 0x39)
    }

    public init(text: String) {
        var chars: [UInt32] = []
        chars.reserveCapacity(text.unicodeScalars.count)
        for s in Normalizer.normalize(text).scalars where Self.isShingleCharacter(s.value) {
            chars.append(s.value)
        }
        var out: [UInt64] = []
        let k = Self.shingleLength
        if chars.count >= k {
            out.reserveCapacity(chars.count - k + 1)
            for i in 0...(chars.count - k) {
                // FNV-1a over the shingle's code points.
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for c in chars[i..<(i + k)] { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01b3 }
                out.append(h)
            }
        }
        out.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(out.count)
        for h in out where unique.last != h { unique.append(h) }
        shingles = unique
    }

    /// Number of shingles the two texts share (a merge walk over the sorted sets).
    public func sharedCount(with other: TextFingerprint) -> Int { Self.sharedCount(shingles, other.shingles) }

    /// Values two sorted arrays without repeats have in common (a merge walk).
    static func sharedCount<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { n += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    /// The exact similarity of two texts.
    public func similarity(to other: TextFingerprint) -> Similarity {
        let shared = sharedCount(with: other)
        let small = min(shingles.count, other.shingles.count), large = max(shingles.count, other.shingles.count)
        let union = shingles.count + other.shingles.count - shared
        return Similarity(containment: small == 0 ? 0 : Double(shared) / Double(small),
                          jaccard: union == 0 ? 0 : Double(shared) / Double(union),
                          sizeRatio: large == 0 ? 0 : Double(small) / Double(large))
    }

    /// MinHash signature: per seed, the least mixed hash of any shingle. The
    /// share of equal positions in two signatures estimates their Jaccard; equal
    /// bands of it are the LSH buckets that find candidate copies without
    /// comparing every pair.
    public func minHash(count: Int = 64) -> [UInt64] {
        (0..<count).map { seed in
            let salt = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
            var least = UInt64.max
            for h in shingles { least = min(least, Self.mix(h ^ salt)) }
            return least
        }
    }

    /// splitmix64's finalizer: a cheap, well-spread permutation of 64-bit values.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

public struct Similarity: Sendable, Equatable {
    /// Shared shingles over the smaller text's shingles.
    public var containment: Double
    public var jaccard: Double
    /// The smaller text's shingle count over the larger's.
    public var sizeRatio: Double
}

extension TextFingerprint {
    /// Two texts are copies of one report when nearly all of the smaller one's
    /// shingles are in the larger and neither is much larger. Measured on the
    /// real reports: distinct reports — one agency's other years and other
    /// agencies filling the same template — reach containment 0.55 at most;
    /// copies in other formats and pages with site chrome reach 0.9 and more.
    public static func areCopies(_ s: Similarity) -> Bool {
        s.containment >= copyContainment && s.sizeRatio >= copySizeRatio
    }

    public static let copyContainment = 0.85
    public static let copySizeRatio = 0.5
}
