// Small helpers over arrays of Unicode scalar values ([UInt32]).
// The parser works on these arrays: offsets are scalar offsets (CONTRACT.md).

typealias U = UInt32

/// Horizontal white space: space, tab, NBSP, ideographic space, zero-width and BOM marks.
@inline(__always) func isHSpace(_ v: U) -> Bool {
    v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x3000 || v == 0x0B || v == 0x0C || v == 0x200B || v == 0xFEFF || v == 0x2002 || v == 0x2003
}
@inline(__always) func isNewline(_ v: U) -> Bool { v == 0x0A || v == 0x0D }
@inline(__always) func isSpaceOrNewline(_ v: U) -> Bool { isHSpace(v) || isNewline(v) }
@inline(__always) func isDigit(_ v: U) -> Bool { v >= 0x30 && v <= 0x39 }
@inline(__always) func isFullDigit(_ v: U) -> Bool { v >= 0xFF10 && v <= 0xFF19 }
@inline(__always) func digitValue(_ v: U) -> Int? {
    if isDigit(v) { return Int(v - 0x30) }
    if isFullDigit(v) { return Int(v - 0xFF10) }
    return nil
}

let chineseNumerals: [U: Int] = [
    0x4E00: 1, 0x4E8C: 2, 0x4E09: 3, 0x56DB: 4, 0x4E94: 5, 0x516D: 6, 0x4E03: 7, 0x516B: 8, 0x4E5D: 9, 0x5341: 10,
    0x3007: 0, 0x96F6: 0,
]
@inline(__always) func isChineseNumeral(_ v: U) -> Bool { chineseNumerals[v] != nil && v != 0x3007 && v != 0x96F6 }

@inline(__always) func u(_ s: String) -> [U] { s.unicodeScalars.map { $0.value } }

func string(_ a: [U], _ r: Range<Int>) -> String {
    var v = String.UnicodeScalarView()
    for i in r { if let s = Unicode.Scalar(a[i]) { v.append(s) } }
    return String(v)
}
func string(_ a: ArraySlice<U>) -> String {
    var v = String.UnicodeScalarView()
    for x in a { if let s = Unicode.Scalar(x) { v.append(s) } }
    return String(v)
}

extension Array where Element == U {
    @inline(__always) func has(_ p: [U], at i: Int) -> Bool {
        if i < 0 || i + p.count > count { return false }
        var k = 0
        while k < p.count { if self[i + k] != p[k] { return false }; k += 1 }
        return true
    }
    func find(_ p: [U], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard !p.isEmpty, end - p.count >= from else { return nil }
        let first = p[0]
        var i = Swift.max(from, 0)
        while i + p.count <= end {
            if self[i] == first && has(p, at: i) { return i }
            i += 1
        }
        return nil
    }
    func contains(_ p: [U], from: Int = 0, to: Int? = nil) -> Bool { find(p, from: from, to: to) != nil }
}

/// Line table: 1-based lines split at \n, \r\n or lone \r.
struct Lines {
    /// Start offset of each line; ends exclude the line terminator.
    var starts: [Int] = []
    var ends: [Int] = []

    init(_ s: [U]) {
        var i = 0
        var start = 0
        let n = s.count
        starts.reserveCapacity(n / 40 + 1)
        while i < n {
            let c = s[i]
            if c == 0x0A || c == 0x0D {
                starts.append(start); ends.append(i)
                if c == 0x0D && i + 1 < n && s[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < n || starts.isEmpty || (n > 0 && start == n && !isNewline(s[n - 1])) {
            starts.append(start); ends.append(n)
        }
    }
    var count: Int { starts.count }
    /// 1-based line number of a scalar offset.
    func line(of offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        if hi < 0 { return 1 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// The line of the text as printed, for a text read flowed (`PrintedPages`): offset → line.
    var printedLines: [Int]? = nil

    /// The 1-based line an offset stands on in the text as printed, to cite; `line(of:)` is the line
    /// of the text as read (a flowed text joins the lines a hard wrap ended).
    func printedLine(of offset: Int) -> Int {
        guard let printedLines, !printedLines.isEmpty else { return line(of: offset) }
        return printedLines[min(max(offset, 0), printedLines.count - 1)]
    }
}

func trimmedRange(_ s: [U], _ r: Range<Int>) -> Range<Int> {
    var a = r.lowerBound, b = r.upperBound
    while a < b && isSpaceOrNewline(s[a]) { a += 1 }
    while b > a && isSpaceOrNewline(s[b - 1]) { b -= 1 }
    return a..<b
}
