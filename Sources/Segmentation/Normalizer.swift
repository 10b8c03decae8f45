import Foundation

/// Text after normalization, with the way back to the original.
///
/// `origin[i]` is the Unicode-scalar offset, in the original text, of the
/// scalar that produced `scalars[i]`; it never decreases, so an original
/// offset maps back with a binary search.
public struct NormalizedText: Sendable {
    public var scalars: [Unicode.Scalar]
    public var origin: [Int]
    /// Number of scalars of the original text.
    var originalCount: Int

    /// First normalized index whose origin is at or after `originalOffset`.
    public func normalizedIndex(forOriginal originalOffset: Int) -> Int {
        var lo = 0, hi = origin.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if origin[mid] < originalOffset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }
}

/// The one normalization used for documents and queries alike:
/// NFKC (per scalar), lower case, full-width forms to half-width, every kind
/// of white space to a plain space, and white space between two CJK
/// ideographs removed so that a word wrapped across lines stays one word.
public enum Normalizer {
    public static func normalize(_ text: String) -> NormalizedText {
        normalize(Array(text.unicodeScalars))
    }

    public static func normalize(_ input: [Unicode.Scalar]) -> NormalizedText {
        var out: [Unicode.Scalar] = []
        var origin: [Int] = []
        out.reserveCapacity(input.count)
        origin.reserveCapacity(input.count)
        // Start of a pending run of white space in `out`, if the scalar before it is CJK.
        var pendingSpaceStart = -1
        for (i, raw) in input.enumerated() {
            let start = out.count
            mapScalar(raw) { out.append($0); origin.append(i) }
            if out.count == start { continue }
            let first = out[start]
            if first == " " {
                if pendingSpaceStart < 0, start > 0, isCJK(out[start - 1]) { pendingSpaceStart = start }
                continue
            }
            if pendingSpaceStart >= 0 {
                if isCJK(first) {
                    // Drop the white space between two ideographs.
                    let removed = start - pendingSpaceStart
                    out.removeSubrange(pendingSpaceStart..<start)
                    origin.removeSubrange(pendingSpaceStart..<start)
                    _ = removed
                }
                pendingSpaceStart = -1
            }
        }
        return NormalizedText(scalars: out, origin: origin, originalCount: input.count)
    }

    /// Normalized form of one scalar (zero, one or more scalars).
    @inline(__always)
    static func mapScalar(_ s: Unicode.Scalar, _ emit: (Unicode.Scalar) -> Void) {
        let v = s.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { emit(Unicode.Scalar(v + 32)!); return }
            if v == 0x09 || v == 0x0A || v == 0x0B || v == 0x0C || v == 0x0D { emit(" "); return }
            emit(s)
            return
        }
        if isCJK(s) { emit(s); return }
        if v >= 0xFF01 && v <= 0xFF5E {  // full-width ASCII
            let h = v - 0xFEE0
            emit(Unicode.Scalar(h >= 0x41 && h <= 0x5A ? h + 32 : h)!)
            return
        }
        if s.properties.isWhitespace { emit(" "); return }
        if !s.properties.changesWhenNFKCCaseFolded { emit(s); return }
        let folded = String(s).precomposedStringWithCompatibilityMapping.lowercased()
        for f in folded.unicodeScalars {
            if f.properties.isWhitespace { emit(" ") } else { emit(f) }
        }
    }

    /// Han ideographs (see `CJK.isIdeograph`).
    @inlinable @inline(__always)
    public static func isCJK(_ s: Unicode.Scalar) -> Bool { CJK.isIdeograph(s.value) }

    /// Letters and digits that form Latin words (after normalization).
    @inline(__always)
    public static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) }
        if isCJK(s) { return false }
        return s.properties.isAlphabetic || s.properties.numericType == .decimal
    }
}

/// The one definition of what govsearch treats as a Chinese character.
public enum CJK {
    /// Han ideographs: unified (U+4E00–9FFF), extension A (U+3400–4DBF),
    /// compatibility (U+F900–FAFF), and planes 2–3 (extensions B–H and the
    /// compatibility supplement, U+20000–3134F).
    /// Inlinable: the parsers of other modules call it once per character.
    @inlinable @inline(__always)
    public static func isIdeograph(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) ||
            (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x20000 && v <= 0x3134F)
    }
}
