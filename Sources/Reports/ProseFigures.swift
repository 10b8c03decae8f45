// Figures a report's prose states, for what its tables do not settle: a run of digits several
// splits fit (制发规范性文件1件、废止1件), or a pre-2019 report with no table (全年共受理…申请98件).

enum ProseFigures {
    /// Words the prose uses for a proactive column's figure, and for the item it is about.
    static let columnWords: [String: [U]] = ["made": u("制发"), "repealed": u("废止"), "in_force": u("现行有效")]
    static let itemWords: [String: [U]] = ["normative_documents": u("规范性文件"), "regulations": u("规章")]
    static let clauseEnds: Set<U> = Set(u("，。；,;、（）"))

    /// Each `word` + up to `gap` characters of the same clause (no digits) + a figure + one of
    /// `units`, with the characters between; the figure's offset.
    static func mentions(_ s: [U], _ r: Range<Int>, _ word: [U], gap: Int, units: Set<U>) -> [(value: Int, between: Range<Int>, at: Int)] {
        var out: [(Int, Range<Int>, Int)] = []
        var i = r.lowerBound
        while let k = s.find(word, from: i, to: r.upperBound) {
            i = k + word.count
            var j = i
            while j < r.upperBound && j - i <= gap && digitValue(s[j]) == nil && !clauseEnds.contains(s[j]) { j += 1 }
            guard j < r.upperBound, digitValue(s[j]) != nil else { continue }
            var e = j, v = 0
            while e < r.upperBound, let d = digitValue(s[e]), e - j < 9 { v = v * 10 + d; e += 1 }
            if e < r.upperBound && units.contains(s[e]) { out.append((v, i..<j, j)) }
        }
        return out
    }

    /// The figures the prose gives for an item's column: 制发 + words naming the item (or none) + N件.
    static func proactive(_ s: [U], item: String, column: String) -> Set<Int> {
        guard let word = columnWords[column], let itemWord = itemWords[item] else { return [] }
        let found = mentions(s, 0..<s.count, word, gap: 12, units: [0x4EF6])   // 件
        return Set(found.filter { $0.between.isEmpty || s.contains(itemWord, from: $0.between.lowerBound, to: $0.between.upperBound) }.map(\.value))
    }

    static let receiveWords = [u("受理"), u("收到")]
    static let requestWords = [u("申请"), u("公开")]

    /// The year's new applications as the prose states them (受理政府信息依申请公开98件), when every
    /// such statement gives the same number; the words between must name a disclosure application
    /// (申请 and 公开: 共受理申请121510件 is about licensing), or 申请 inside the 依申请公开 section.
    static func applications(_ s: [U], _ r: Range<Int>, inSection: Bool) -> (Int, Int)? {
        var found: [(Int, Int)] = []
        let needed = inSection ? [requestWords[0]] : requestWords
        for w in receiveWords {
            for m in mentions(s, r, w, gap: 16, units: Set(u("件条"))) {
                let b = m.between
                if needed.allSatisfy({ s.contains($0, from: b.lowerBound, to: b.upperBound) }) { found.append((m.value, m.at)) }
            }
        }
        guard let first = found.min(by: { $0.1 < $1.1 }), found.allSatisfy({ $0.0 == first.0 }) else { return nil }
        return first
    }

    static let carriedForwardWords = [u("转下一年度"), u("结转下年度"), u("转入下年度"), u("转下年度")]

    /// The applications carried into next year as the prose states them (转下一年度办理答复的有1件),
    /// when every such statement gives the same number; outside the table's pipe rows.
    /// Line breaks and spaces are skipped (the statement wraps: 转下一 / 年度办理…有 1 件).
    static func carriedForward(_ s: [U], _ r: Range<Int>) -> (Int, Int)? {
        var joined: [U] = [], origin: [Int] = []
        for i in r where ![0x0A, 0x0D, 0x20, 0x3000].contains(s[i]) { joined.append(s[i]); origin.append(i) }
        var found: [(Int, Int)] = []
        for w in carriedForwardWords {
            for m in mentions(joined, 0..<joined.count, w, gap: 10, units: [0x4EF6]) where !joined[m.between].contains(0x7C) {
                found.append((m.value, origin[m.at]))
            }
        }
        guard let first = found.min(by: { $0.1 < $1.1 }), found.allSatisfy({ $0.0 == first.0 }) else { return nil }
        return first
    }
}
