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

    /// A heading numbered 一、二、… (at a line's start or inside a long line), whether or not its name
    /// names a section: the numbering of a report's parts, for `thematic`.
    struct NumberedHeading {
        var number: Int
        /// Where the marker (四、) stands, where its name starts and the name's window.
        var at: Int
        var name: Range<Int>
        /// Where the section starts (line start for line-start headings).
        var start: Int
        var classified: Bool
    }

    /// The value of a Chinese numbering marker at p (一 → 1, 十一 → 11, 二十 → 20).
    static func numeral(_ s: [U], _ p: Int) -> Int? {
        guard p < s.count, isChineseNumeral(s[p]), let a = chineseNumerals[s[p]] else { return nil }
        guard p + 1 < s.count, isChineseNumeral(s[p + 1]), let b = chineseNumerals[s[p + 1]] else { return a }
        if a == 10 { return 10 + b }
        return b == 10 ? a * 10 : nil
    }

    static func findHeadings(_ s: [U], _ lines: Lines) -> [HeadingCandidate] { scan(s, lines).candidates }

    static func scan(_ s: [U], _ lines: Lines) -> (candidates: [HeadingCandidate], numbered: [NumberedHeading]) {
        var cands: [HeadingCandidate] = []
        var numbered: [NumberedHeading] = []
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
                    if style == 0, let n = numeral(s, c) {
                        numbered.append(NumberedHeading(number: n, at: c, name: w, start: ls, classified: classify(s, w) != nil))
                    }
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
                            let boundary = !CJK.isIdeograph(prev) || prev == 0x3002
                            let classified = classify(s, w)
                            if let n = numeral(s, p), boundary || p == lastNameEnd || classified?.1 == true {
                                numbered.append(NumberedHeading(number: n, at: p, name: w, start: p, classified: classified != nil))
                            }
                            if let (key, strong, nameEnd) = classified {
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
        return (cands, numbered)
    }

    static let kYiShenQing = u("依申请"), kZhuDong = u("主动公开"), kGongKai = u("公开")

    /// Headings of a report that numbers its parts by topic, not by the plan (000, 河北省人社厅 2018:
    /// 一、围绕建设法治人社全面推进政务公开 二、加大…重点领域主动公开 三、…政策解读舆情回应
    /// 四、依法实施政府信息依申请公开 五、全面深化“放管服”改革… 六、落实制度要求…). Read only where the
    /// numbered headings run 一、二、三、四 at least, in order, 一、 and two more of them naming no
    /// section: there a heading naming 依申请 (and not 主动公开) within its first 18 characters is the
    /// requests section, one naming 主动公开 (and not 依申请) the proactive one, 一、 the overview, and
    /// the first after the last heading naming a section (other matters: 放管服, the work's
    /// organisation) the other section. Each only where no heading of the plan gave that section, so
    /// a report whose headings name their sections reads as before; and none unless one of them is
    /// the requests or the proactive section.
    static func thematic(_ s: [U], _ numbered: [NumberedHeading], found: [HeadingCandidate]) -> [HeadingCandidate] {
        var chain: [NumberedHeading] = []
        for h in numbered.sorted(by: { $0.at < $1.at }) where h.number == chain.count + 1 { chain.append(h) }
        // 一、 naming no section: a report whose first part is its 总体情况/概述 follows the plan (and
        // the rows 一、本年新收… 四、结转下年度… of its requests table are no parts of the report)
        guard chain.count >= 4, !chain[0].classified, chain.filter({ !$0.classified }).count >= 3 else { return [] }
        var keys = Set(found.map(\.key))
        var out: [HeadingCandidate] = []
        var lastNamed = -1
        for (i, h) in chain.enumerated() {
            if h.classified { lastNamed = i; continue }
            let topic = h.name.lowerBound..<min(h.name.upperBound, h.name.lowerBound + 18)
            let requests = s.find(kYiShenQing, from: topic.lowerBound, to: topic.upperBound)
            let proactive = s.find(kZhuDong, from: topic.lowerBound, to: topic.upperBound)
            var key: SectionKey? = nil, end = min(h.name.upperBound, h.name.lowerBound + 16)
            if let r = requests, proactive == nil {
                key = .requests
                end = r + kYiShenQing.count + (s.has(kGongKai, at: r + kYiShenQing.count) ? kGongKai.count : 0)
            } else if let p = proactive, requests == nil {
                key = .proactive; end = p + kZhuDong.count
            } else if h.number == 1 && requests == nil && proactive == nil {
                key = .overview
            }
            guard let key, h.name.count >= 2 else { continue }
            lastNamed = i
            guard keys.insert(key).inserted else { continue }
            out.append(HeadingCandidate(key: key, strong: false, styleRank: 0, start: h.start, headingRange: h.at..<end))
        }
        // parts of a disclosure report name its requests or its proactive work (a 法治政府建设 report's
        // 一、2022年推进法治政府建设的主要举措 … name neither)
        guard out.contains(where: { $0.key == .requests || $0.key == .proactive }) else { return [] }
        if lastNamed >= 0, let h = chain.dropFirst(lastNamed + 1).first(where: { !$0.classified && $0.name.count >= 2 }), !keys.contains(.other) {
            out.append(HeadingCandidate(key: .other, strong: false, styleRank: 0, start: h.start,
                                        headingRange: h.at..<min(h.name.upperBound, h.name.lowerBound + 16)))
        }
        return out
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
        let (found, numbered) = scan(s, lines)
        let chosen = select(found + thematic(s, numbered, found: found))
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
