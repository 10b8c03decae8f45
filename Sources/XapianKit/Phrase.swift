import CXapian

/// A phrase prepared once for per-document position checks: its terms'
/// bytes in one buffer, so a check passes pointers without copying.
public final class Phrase {
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let pointers: [UnsafePointer<CChar>?]
    let lengths: [Int]
    let offsets: [UInt32]

    /// - Parameters:
    ///   - terms: the terms (UTF-8 bytes, none empty); the first leads the checks.
    ///   - offsets: each term's position relative to the first's (the first is
    ///     0; a term before it has a negative offset, given as its bit pattern).
    public init(terms: [[UInt8]], offsets: [UInt32]) {
        precondition(terms.count == offsets.count && !terms.isEmpty && offsets[0] == 0 && terms.allSatisfy { !$0.isEmpty })
        bytes = .allocate(capacity: terms.reduce(0) { $0 + $1.count })
        var at = 0
        var pointers: [UnsafePointer<CChar>?] = []
        for t in terms {
            _ = UnsafeMutableBufferPointer(rebasing: bytes[at..<(at + t.count)]).initialize(from: t)
            pointers.append(UnsafeRawPointer(bytes.baseAddress! + at).assumingMemoryBound(to: CChar.self))
            at += t.count
        }
        self.pointers = pointers
        lengths = terms.map(\.count)
        self.offsets = offsets
    }

    deinit { bytes.deallocate() }
}

extension Database {
    /// For each document `docids[i]` (ascending), which of its position
    /// intervals hold an occurrence of `phrase`: bit `j - first[i]` of the
    /// result's element i for interval `[starts[j], ends[j])`, where document
    /// i's intervals are `first[i] ..< first[i + 1]` (ascending, at most 64).
    /// `assumePresent[i]` (Xapian matched the phrase in document i, and its
    /// intervals hold every position) lets the first term alone place the
    /// phrase when it stands in one interval. One call for all the documents:
    /// positions are read a term at a time, in document order.
    public func phraseIntervals(_ phrase: Phrase, docids: [UInt32], first: [UInt32], starts: [UInt32], ends: [UInt32],
                                assumePresent: [UInt8]) throws -> [UInt64] {
        precondition(first.count == docids.count + 1 && assumePresent.count == docids.count && starts.count == ends.count)
        var masks = [UInt64](repeating: 0, count: docids.count)
        try check {
            cx_database_phrase_intervals(handle, docids, docids.count, first, starts, ends, assumePresent,
                                         phrase.pointers, phrase.lengths, phrase.offsets, phrase.lengths.count, &masks, $0)
        }
        return masks
    }
}
