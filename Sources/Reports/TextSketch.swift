import Foundation
import Segmentation

/// A small, fixed-rule sample of a text's fingerprint, kept in the index for
/// every file so that copies are found without reading the other file again.
///
/// The sample is every shingle of `TextFingerprint` whose mixed hash falls in
/// one of 32 buckets (mod sampling): the sample of two texts' common part is the
/// common part of their samples, so the share of the smaller sample found in
/// the larger estimates containment directly, and is the same whether the two
/// files are indexed in one run or years apart. A 5,000-character report keeps
/// about 160 samples (640 bytes).
public struct TextSketch: Sendable, Equatable {
    /// Chinese characters and digits in the text: the size the two texts are compared by.
    public private(set) var characters: Int
    /// High 32 bits of the sampled shingles' mixed hashes, sorted, without repeats.
    public private(set) var samples: [UInt32]

    /// One shingle in `sampleRate` is kept.
    public static let sampleRate: UInt64 = 32
    /// Below this many samples the estimate is too coarse: such texts are copies only
    /// when their samples are equal and their sizes nearly so.
    public static let minimumSamples = 16

    public init(characters: Int, samples: [UInt32]) {
        self.characters = characters
        self.samples = samples
    }

    public init(text: String) {
        self.init(normalized: Normalizer.normalize(text).scalars)
    }

    /// From text already normalized (the indexer has it): one pass, no set of all shingles.
    public init(normalized scalars: [Unicode.Scalar]) {
        let k = TextFingerprint.shingleLength
        var window = [UInt32](repeating: 0, count: k)
        var n = 0
        var picked: [UInt32] = []
        for s in scalars where TextFingerprint.isShingleCharacter(s.value) {
            window[n % k] = s.value
            n += 1
            guard n >= k else { continue }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in 0..<k { h = (h ^ UInt64(window[(n + i) % k])) &* 0x0000_0100_0000_01b3 }
            let m = TextFingerprint.mix(h)
            if m % Self.sampleRate == 0 { picked.append(UInt32(truncatingIfNeeded: m >> 32)) }
        }
        picked.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(picked.count)
        for v in picked where unique.last != v { unique.append(v) }
        characters = n
        samples = unique
    }

    /// The estimated similarity: containment from the samples, size ratio from the character counts.
    public func similarity(to other: TextSketch) -> Similarity {
        let a = samples, b = other.samples
        let shared = TextFingerprint.sharedCount(a, b)
        let small = min(a.count, b.count)
        let union = a.count + b.count - shared
        let sizes = (min(characters, other.characters), max(characters, other.characters))
        return Similarity(containment: small == 0 ? 0 : Double(shared) / Double(small),
                          jaccard: union == 0 ? 0 : Double(shared) / Double(union),
                          sizeRatio: sizes.1 == 0 ? 0 : Double(sizes.0) / Double(sizes.1))
    }

    /// The share of this text's samples found in `other`: how much of this text the other holds.
    public func containment(in other: TextSketch) -> Double {
        guard !samples.isEmpty else { return 0 }
        return Double(TextFingerprint.sharedCount(samples, other.samples)) / Double(samples.count)
    }

    /// Whether the two texts are copies of one report (TextFingerprint.areCopies' rule, on the samples).
    public func isCopy(of other: TextSketch) -> Bool {
        Self.isCopy(shared: TextFingerprint.sharedCount(samples, other.samples), samples: (samples.count, other.samples.count),
                    characters: (characters, other.characters))
    }

    /// The same rule from what an inverted index of samples gives (the samples two sketches share,
    /// each one's sample count and characters), without the samples at hand.
    public static func isCopy(shared: Int, samples: (Int, Int), characters: (Int, Int)) -> Bool {
        // The size test first: it is free, and most reports of a year fail it or the next one.
        let sizes = (min(characters.0, characters.1), max(characters.0, characters.1))
        guard sizes.1 > 0 else { return false }
        let sizeRatio = Double(sizes.0) / Double(sizes.1)
        guard sizeRatio >= TextFingerprint.copySizeRatio else { return false }
        let small = min(samples.0, samples.1)
        if small < minimumSamples {
            // Sorted samples without repeats are equal when all of both are shared.
            return samples.0 > 0 && shared == samples.0 && shared == samples.1 && sizeRatio >= 0.98
        }
        let union = samples.0 + samples.1 - shared
        return TextFingerprint.areCopies(Similarity(containment: Double(shared) / Double(small),
                                                    jaccard: union == 0 ? 0 : Double(shared) / Double(union),
                                                    sizeRatio: sizeRatio))
    }

    /// Base64 of the character count and the samples, little-endian (the file record's form).
    public var encoded: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * (samples.count + 1))
        for v in [UInt32(clamping: characters)] + samples {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    public init?(encoded: String) {
        self.init(base64: Array(encoded.utf8))
    }

    /// From the base64 bytes of `encoded` as the index's value slot holds them, decoded here
    /// (`similar` decodes every report's sketch: Foundation's decoder and a String per report cost
    /// more than the comparison). Nil unless it is padded base64 of whole 32-bit numbers.
    public init?(base64 bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { return nil }
        let pad = bytes.last == UInt8(ascii: "=") ? (bytes[bytes.count - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        let byteCount = bytes.count / 4 * 3 - pad
        guard byteCount >= 4, byteCount % 4 == 0 else { return nil }
        var values = [UInt32](repeating: 0, count: byteCount / 4)
        var ok = true
        bytes.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBytes { dst in
                var o = 0
                for i in stride(from: 0, to: src.count, by: 4) {
                    var quad: UInt32 = 0
                    for k in 0..<4 {
                        let c = src[i + k]
                        let v = Self.base64Value[Int(c)]
                        if v == 0xFF {
                            // '=' only as the padding at the very end
                            guard c == UInt8(ascii: "="), i + 4 == src.count, k >= 4 - pad else { ok = false; return }
                            quad <<= 6
                        } else {
                            quad = quad << 6 | UInt32(v)
                        }
                    }
                    for shift in [16, 8, 0] where o < byteCount {
                        dst[o] = UInt8(truncatingIfNeeded: quad >> UInt32(shift))
                        o += 1
                    }
                }
            }
        }
        guard ok else { return nil }
        for k in values.indices { values[k] = UInt32(littleEndian: values[k]) }
        self.init(characters: Int(values[0]), samples: Array(values.dropFirst()))
    }

    /// Each base64 character's 6 bits (0xFF: not one).
    private static let base64Value: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()
}
