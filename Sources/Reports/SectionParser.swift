import Segmentation
// Finds the top-level section headings of a report. Headings map by name, not by number.

struct HeadingCandidate {
    var key: SectionKey
    var strong: Bool
    /// 0: 一、/第一部分/markdown/bold/plain line; 1: Arabic 1、/1.
    var styleRank: Int
    /// Where the section starts (line start for line-start headings).
    var start: Int
    var headingRange: Range<Int>
}

enum SectionParser {
    static let fullNames: [(SectionKey, [U])] = SectionKey.allCases.compactMap { k in k.standardHeading.map { (k, u($0)) } }
    static let overviewStarts: [[U]] = ["政府信息公开工作组织", "总体情况", "概述", "基本情况", "工作情况", "主要工作", "概况", "总体", "工作概况", "政府信息公开工作概述", "政府信息公开工作基本情况", "政府信息公开工作总体情况", "信息公开工作概述"].map(u)
    static let proactiveStarts: [[U]] = ["主动公开", "公开政府信息情况", "政府信息主动公开", "主动发布"].map(u)
    static let requestsStarts: [[U]] = ["依申请", "政府信息依申请", "收到和处理", "政府信息公开申请", "受理政府信息公开申请", "政府信息公开依申请"].map(u)
    static let problemStarts: [[U]] = ["存在的", "存在问题", "主要问题", "问题", "工作中存在", "不足"].map(u)
    static let feeStarts: [[U]] = ["收费", "依申请收费", "政府信息公开的收费", "政府信息公开收费", "支出与收费", "支出和收费", "减免", "收费及减免"].map(u)
    static let otherStarts: [[U]] = ["其他需要报告", "其他需要说明", "其他事项", "其它需要报告"].map(u)

    static let kFee1 = u("收费"), kFee2 = u("减免"), kFu = u("复议"), kSu = u("诉讼"), kShenSu = u("申诉")
    static let kWenTi = u("问题"), kGaiJin = u("改进"), kShouDao = u("收到和处理")
    static let kBuFen = u("部分"), kZhang = u("章")

    /// Classifies a heading name window; returns nil when it names no known section.
    static func classify(_ s: [U], _ w: Range<Int>) -> (SectionKey, Bool, Int)? {
        let a = w.lowerBound, b = w.upperBound
        if b - a < 2 { return nil }
        for (key, name) in fullNames where s.has(name, at: a) {
            return (key, true, a + name.count)
        }
        // Typos such as 政府信息公开行政法复议、行政诉讼情况
        if s.contains(kFu, from: a, to: b) && s.contains(kSu, from: a, to: b) && s.has(u("政府信息公开"), at: a) {
            return (.appeals, true, b)
        }
        for p in feeStarts where s.has(p, at: a) { return (.fees, false, b) }
        if s.contains(kFu, from: a, to: b) || s.contains(kSu, from: a, to: b) || s.contains(kShenSu, from: a, to: b) { return (.appeals, false, b) }
        for p in otherStarts where s.has(p, at: a) { return (.other, false, b) }
        if s.contains(kWenTi, from: a, to: b) {
            for p in problemStarts where s.has(p, at: a) { return (.problems, false, b) }
            if s.contains(u("存在"), from: a, to: b) || (s.contains(kGaiJin, from: a, to: b) && b - a <= 16) { return (.problems, false, b) }
        }
        for p in requestsStarts where s.has(p, at: a) { return (.requests, false, b) }
        if s.contains(kShouDao, from: a, to: b) { return (.requests, false, b) }
        for p in proactiveStarts where s.has(p, at: a) { return (.proactive, false, b) }
        for p in overviewStarts where s.has(p, at: a) { return (.overview, false, b) }
        if b - a <= 14 {
            for p in ["概述", "基本情况", "总体情况"].map(u) where b - p.count >= a && s.has(p, at: b - p.count) {
                return (.overview, false, b)
            }
        }
        return nil
    }

    /// Name window: from a, up to 30 scalars, cut at punctuation, digits, line end, or a following 一、 marker.
    static func window(_ s: [U], _ a: Int, _ lineEnd: Int) -> Range<Int> {
        var i = a
        let limit = min(lineEnd, a + 30)
        while i < limit {
            let c = s[i]
            if c == 0x3002 || c == 0xFF0C || c == 0x2C || c == 0xFF1A || c == 0x3A || c == 0xFF1B || c == 0x3B
                || isHSpace(c) || c == 0xFF08 || c == 0x28 || isDigit(c) || c == 0x2A || c == 0x7C || c == 0x3C || c == 0x300A {
                break
            }
            if i > a + 1 && isChineseNumeral(c) && i + 1 < lineEnd && (s[i + 1] == 0x3001) { break }
            i += 1
        }
        // strip trailing markdown
        var e = i
        while e > a && (s[e - 1] == 0x2A || s[e - 1] == 0x23) { e -= 1 }
        return a..<e
    }

    @inline(__always) static func skipSpaces(_ s: [U], _ i: Int, _ end: Int) -> Int {
        var k = i
        while k < end && (isHSpace(s[k])) { k += 1 }
        return k
    }

    /// Parses a numbering marker at p; returns (name start, style) or nil.
    /// style: 0 Chinese 一、, 1 Arabic, 2 第一部分
    static func marker(_ s: [U], _ p: Int, _ end: Int, allowArabic: Bool) -> (Int, Int)? {
        guard p < end else { return nil }
        let c = s[p]
        if isChineseNumeral(c) {
            var k = p + 1
            if k < end && isChineseNumeral(s[k]) { k += 1 }
            guard k < end else { return nil }
            let d = s[k]
            if d == 0x3001 || d == 0xFF0E || d == 0x2E || d == 0xFF0C {   // 、 ． . ，
                return (skipSpaces(s, k + 1, end), 0)
            }
            return nil
        }
        if c == 0x7B2C {  // 第
            var k = p + 1
            while k < end && k < p + 4 && isChineseNumeral(s[k]) { k += 1 }
            guard k > p + 1 else { return nil }
            if s.has(kBuFen, at: k) { k += 2 } else if k < end && s[k] == kZhang[0] { k += 1 } else { return nil }
            k = skipSpaces(s, k, end)
            if k < end && (s[k] == 0x3001 || s[k] == 0xFF1A || s[k] == 0x3A) { k = skipSpaces(s, k + 1, end) }
            return (k, 2)
        }
        if allowArabic && (isDigit(c) || isFullDigit(c)) {
            var k = p + 1
            if k < end && (isDigit(s[k]) || isFullDigit(s[k])) { k += 1 }
            guard k < end else { return nil }
            let d = s[k]
            if d == 0x3001 || d == 0xFF0E || ((d == 0x2E) && !(k + 1 < end && isDigit(s[k + 1]))) {
                return (skipSpaces(s, k + 1, end), 1)
            }
        }
        return nil
    }

    static func findHeadings(_ s: [U], _ lines: Lines) -> [HeadingCandidate] {
        var cands: [HeadingCandidate] = []
        for li in 0..<lines.count {
            let ls = lines.starts[li], le = lines.ends[li]
            if ls >= le { continue }
            // Line-start heading
            var c = ls
            var decorated = false
            while c < le {
                let v = s[c]
                if isHSpace(v) { c += 1; continue }
                if v == 0x23 || v == 0x2A || v == 0x3E { decorated = true; c += 1; continue }  // # * >
                if v == 0x2D && c + 1 < le && isHSpace(s[c + 1]) { c += 1; continue }      // "- "
                break
            }
            var lineStartMatched = -1
            // Where the last heading found on this line names its section up to: a heading starting
            // right there runs straight on from it (…申请情况四、因政府信息公开工作被申请行政复议…).
            var lastNameEnd = -1
            if c < le {
                if let (ns, style) = marker(s, c, le, allowArabic: true) {
                    let w = window(s, ns, le)
                    if let (key, strong, nameEnd) = classify(s, w) {
                        let tr = trimmedRange(s, ls..<le)
                        let hr: Range<Int> = (tr.count <= 50) ? headingTrim(s, tr) : c..<(strong ? nameEnd : w.upperBound)
                        cands.append(HeadingCandidate(key: key, strong: strong, styleRank: style == 1 ? 1 : 0, start: ls, headingRange: hr))
                        lineStartMatched = c
                        lastNameEnd = strong ? nameEnd : w.upperBound
                    }
                } else if s[c] != 0xFF08 && s[c] != 0x28 {
                    // Unnumbered line: markdown/bold heading, or a bare standard name on a short line.
                    let tr = trimmedRange(s, ls..<le)
                    if tr.count <= 40 {
                        let w = window(s, c, le)
                        if let (key, strong, _) = classify(s, w), (decorated || strong), w.upperBound >= headingTrim(s, tr).upperBound - 1 {
                            cands.append(HeadingCandidate(key: key, strong: strong, styleRank: decorated ? 0 : 1, start: ls, headingRange: headingTrim(s, tr)))
                            lineStartMatched = c
                        }
                    }
                }
            }
            // Headings inside a long line (one-line reports, flattened pages), or right after the line's
            // heading (四、…诉讼情况五、存在的主要问题…).
            if le - ls > 60 || (lastNameEnd >= 0 && runsIntoHeading(s, lastNameEnd, le)) {
                var p = ls + 1
                while p < le - 2 {
                    let v = s[p]
                    if p != lineStartMatched && (isChineseNumeral(v) || v == 0x7B2C) {
                        let prev = s[p - 1]
                        if isChineseNumeral(prev) || prev == 0x7B2C { p += 1; continue }
                        if let (ns, _) = marker(s, p, le, allowArabic: false) {
                            let w = window(s, ns, le)
                            if let (key, strong, nameEnd) = classify(s, w) {
                                let boundary = !CJK.isIdeograph(prev) || prev == 0x3002
                                if boundary || strong || p == lastNameEnd {
                                    // on a short line the heading is the rest of the line (up to a next one)
                                    let shortLineEnd = le - ls <= 60 ? headingTrim(s, trimmedRange(s, ls..<le)).upperBound : nil
                                    let hr = p..<(strong ? nameEnd : shortLineEnd ?? min(w.upperBound, ns + 16))
                                    // the heading before it ends where this one starts
                                    if let last = cands.last, last.headingRange.contains(p) {
                                        cands[cands.count - 1].headingRange = last.headingRange.lowerBound..<p
                                    }
                                    cands.append(HeadingCandidate(key: key, strong: strong, styleRank: 0, start: p, headingRange: hr))
                                    lastNameEnd = strong ? nameEnd : w.upperBound
                                }
                            }
                        }
                    }
                    p += 1
                }
            }
        }
        return cands
    }

    /// True when a numbered heading (五、) starts at `p`: the text runs from one heading into the next.
    static func runsIntoHeading(_ s: [U], _ p: Int, _ lineEnd: Int) -> Bool {
        p + 1 < lineEnd && isChineseNumeral(s[p]) && s[p + 1] == 0x3001
    }

    static func headingTrim(_ s: [U], _ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b && (isHSpace(s[a]) || s[a] == 0x23 || s[a] == 0x2A || s[a] == 0x3E) { a += 1 }
        if a < b && s[a] == 0x2D && a + 1 < b && isHSpace(s[a + 1]) { a += 2 }
        while b > a && (isHSpace(s[b - 1]) || s[b - 1] == 0x2A || s[b - 1] == 0x23) { b -= 1 }
        return a..<b
    }

    /// One heading per key: strong names first, then numbered styles, then earliest.
    static func select(_ cands: [HeadingCandidate]) -> [HeadingCandidate] {
        var best: [SectionKey: HeadingCandidate] = [:]
        for c in cands {
            if let b = best[c.key] {
                let better = (c.strong && !b.strong) || (c.strong == b.strong && c.styleRank < b.styleRank)
                if better { best[c.key] = c }
            } else {
                best[c.key] = c
            }
        }
        var chosen = best.values.sorted { $0.start < $1.start }
        // Drop duplicates at the same start (two keys on one position cannot happen, but be safe).
        var out: [HeadingCandidate] = []
        for c in chosen where out.last?.start != c.start { out.append(c) }
        chosen = out
        return chosen
    }

    static func sections(_ s: [U], _ lines: Lines) -> [Section] {
        let chosen = select(findHeadings(s, lines))
        var result: [Section] = []
        let n = s.count
        let firstStart = chosen.first?.start ?? n
        if firstStart > 0 {
            let tr = trimmedRange(s, 0..<firstStart)
            if !tr.isEmpty {
                result.append(Section(key: .preamble, heading: "", line: 1, start: 0, end: firstStart))
            }
        }
        for (i, c) in chosen.enumerated() {
            let end = i + 1 < chosen.count ? chosen[i + 1].start : n
            result.append(Section(key: c.key, heading: string(s, c.headingRange), line: lines.line(of: c.headingRange.lowerBound), start: c.start, end: end))
        }
        return result
    }
}
