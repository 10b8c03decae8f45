// Figures a report's prose states, for what its tables do not settle: a run of digits several
// splits fit (制发规范性文件1件、废止1件), or the year's applications of a report with no requests
// table (全年共受理…申请98件, 未收到政府信息公开申请).

/// One statement of a figure in the prose: the figure and the offset where it stands.
struct ProseStatement: Equatable {
    var value: Int
    var at: Int
}

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
    static let negations = [u("未"), u("没有")]
    /// Words of a statement about appeals (收到政府信息公开行政复议申请2件), which is no disclosure request.
    static let appealWords = [u("复议"), u("诉讼")]
    /// The only words a statement that none came may hold between 未收到 and its end
    /// (未收到有关政府信息公开的申请, 未受理依申请信息公开事项): a qualifier such as 信函形式 makes it
    /// a statement about some of the applications, not all.
    static let noneWords = ["有关", "任何", "涉及", "政府", "信息", "公开", "依", "申请", "事项", "的"].map(u)
    /// Words naming one channel of applications: a count of them (信函申请73件) may be part of the
    /// year's (Fixtures/002 prints 81 in its table), so it stands only where the prose gives no other.
    static let channelWords = ["信函", "网上", "网络", "在线", "当面", "现场", "邮件", "邮寄", "传真", "电话"].map(u)

    /// The year's applications as the prose states them, each with the offset of its figure:
    /// 全年共受理政府信息公开申请64件 (the words between must name a disclosure application:
    /// 申请 and 公开, or 申请 inside the requests section; 共受理申请121510件 is about licensing),
    /// 收到4份以信函形式提出的信息公开申请 (the figure first), and 未收到政府信息公开申请 (0).
    /// A count of one channel's applications comes with every other figure of applications or
    /// 依申请 matters the prose gives (处理依申请公开事项81项), so that it stands only where it is the one.
    /// The requests section is read first; when it states nothing, the whole text.
    static func received(_ text: [U], sections: [Section]) -> [ProseStatement] {
        if let section = sections.first(where: { $0.key == .requests }) {
            let found = received(text, section.start..<section.end, inSection: true)
            if !found.isEmpty { return found }
        }
        return received(text, 0..<text.count, inSection: false)
    }

    static func received(_ text: [U], _ range: Range<Int>, inSection: Bool) -> [ProseStatement] {
        func names(_ r: Range<Int>, strict: Bool) -> Bool {
            text.contains(u("申请"), from: r.lowerBound, to: r.upperBound)
                && (!strict || text.contains(u("公开"), from: r.lowerBound, to: r.upperBound))
                && !appealWords.contains { text.contains($0, from: r.lowerBound, to: r.upperBound) }
        }
        func channel(_ r: Range<Int>) -> Bool { channelWords.contains { text.contains($0, from: r.lowerBound, to: r.upperBound) } }
        var found: [ProseStatement] = []
        var partial = false
        for word in receiveWords {
            // 受理政府信息公开申请64件
            for m in mentions(text, range, word, gap: 16, units: Set(u("件条份"))) where names(m.between, strict: !inSection) {
                found.append(ProseStatement(value: m.value, at: m.at))
                partial = partial || channel(m.between)
            }
            // 收到4份以信函形式提出的信息公开申请: the clause after the figure names the application
            for m in mentions(text, range, word, gap: 1, units: Set(u("件份"))) where m.between.allSatisfy({ text[$0] == 0x5171 }) {  // 共
                var end = m.at
                while end < range.upperBound && digitValue(text[end]) != nil { end += 1 }
                let after = (end + 1)..<min(range.upperBound, end + 1 + 16)
                let clause = after.lowerBound..<(after.first { clauseEnds.contains(text[$0]) } ?? after.upperBound)
                if names(clause, strict: true) && text.has(u("申请"), at: clause.upperBound - 2) {
                    found.append(ProseStatement(value: m.value, at: m.at))
                    partial = partial || channel(clause)
                }
            }
            // 未收到政府信息公开申请: none came
            for negation in negations {
                var from = range.lowerBound
                while let p = text.find(negation + word, from: from, to: range.upperBound) {
                    from = p + 1
                    let start = p + negation.count + word.count
                    var k = start
                    scan: while k < range.upperBound {
                        for w in noneWords where text.has(w, at: k) && k + w.count <= range.upperBound { k += w.count; continue scan }
                        break
                    }
                    let ended = k == range.upperBound || clauseEnds.contains(text[k]) || isSpaceOrNewline(text[k])
                    if ended && k > start && names(start..<k, strict: true) { found.append(ProseStatement(value: 0, at: p)) }
                }
            }
        }
        if partial {
            // other counts of applications: 网上申请12件, 处理依申请公开事项81项
            var stated = Set(found.map(\.at))
            for (word, gap) in [(u("依申请"), 8), (u("申请"), 4)] {
                for m in mentions(text, range, word, gap: gap, units: Set(u("件条份项"))) where stated.insert(m.at).inserted {
                    found.append(ProseStatement(value: m.value, at: m.at))
                }
            }
        }
        return found.sorted { $0.at < $1.at }
    }

    // MARK: how the year's applications were answered

    /// The request rows the prose states in words when no table gives them, and the words naming
    /// each: 予以公开15件 (Fixtures/000), 同意公开答复 9 件, 部分公开答复 0 件, 不予公开答复 2件 (022).
    static let outcomeWords: [(row: String, words: [[U]])] = [
        ("granted", ["予以公开", "同意公开"].map(u)),
        ("partially_granted", ["部分公开"].map(u)),
        ("withheld", ["不予公开", "不予以公开"].map(u)),
    ]
    /// Words right before an outcome word that make it another outcome: 不予以公开, 不同意公开, 部分予以公开.
    static let outcomeTurners: [[U]] = ["不", "未", "非", "部分", "无法"].map(u)
    /// The only words that may stand between an outcome word and its figure (同意公开答复 9 件,
    /// 予以公开的有5件): anything else makes the figure another noun's (予以公开文件12件, 予以公开率100%).
    static let outcomeFillers: [[U]] = ["政府信息", "信息", "答复", "申请", "的", "有", "共", "为", "计", "：", ":"].map(u)
    /// What a clause may hold before its outcome word: nothing (…申请15件，予以公开15件), 其中, a few
    /// adverbs, or words ending in 申请(中) (…信息公开申请中同意公开答复 9 件). A clause naming some other
    /// subject (其中区教育局予以公开3件) is about part of the applications.
    static let outcomeLeads: [[U]] = ["其中", "共", "已", "均", "依法", "全部", "经审查"].map(u)
    static let outcomeLeadEnds: [[U]] = ["申请中", "申请"].map(u)
    /// Words that make a clause about another year or a change (较上年, 同比增加).
    static let comparisonWords: [[U]] = ["上年", "去年", "上一年", "同比", "较", "比", "增加", "减少", "增长", "下降"].map(u)
    /// Words that make a whole sentence about a running total (截至目前，累计…).
    static let runningTotalWords: [[U]] = ["累计", "历年", "以来", "截至", "截止"].map(u)
    static let sentenceEnds: Set<U> = Set(u("。！？；;!?"))

    /// The statements of each request row's figure the prose gives (`outcomeWords`), read only where
    /// the sentence is unambiguous: the figure follows the word with nothing but `outcomeFillers`
    /// between (line breaks and spaces skipped: 不予公开答复 2 / 件), then 件 or 份; the clause opens
    /// with the word (or `outcomeLeads`); the sentence is about disclosure applications (申请 and 公开
    /// before the word, after any 主动公开) unless it stands in the requests section; and it names no
    /// appeal, no channel (信函申请3件，予以公开2件 is about the letters), no comparison, no running
    /// total and no second year. The requests section is read first, the whole text where it states
    /// nothing of a row.
    static func outcomes(_ text: [U], sections: [Section]) -> [String: [ProseStatement]] {
        var out: [String: [ProseStatement]] = [:]
        let section = sections.first(where: { $0.key == .requests })
        for (row, words) in outcomeWords {
            var found: [ProseStatement] = []
            if let section { found = outcomes(text, section.start..<section.end, words, inSection: true) }
            if found.isEmpty { found = outcomes(text, 0..<text.count, words, inSection: false) }
            if !found.isEmpty { out[row] = found }
        }
        return out
    }

    static func outcomes(_ text: [U], _ range: Range<Int>, _ words: [[U]], inSection: Bool) -> [ProseStatement] {
        var found: [ProseStatement] = []
        for word in words {
            var from = range.lowerBound
            while let k = text.find(word, from: from, to: range.upperBound) {
                from = k + 1
                if let s = outcome(text, range, at: k, word: word, inSection: inSection), !found.contains(where: { $0.at == s.at }) {
                    found.append(s)
                }
            }
        }
        return found.sorted { $0.at < $1.at }
    }

    /// The statement `word` at `k` opens, or nil when the sentence is not unambiguous.
    static func outcome(_ text: [U], _ range: Range<Int>, at k: Int, word: [U], inSection: Bool) -> ProseStatement? {
        if outcomeTurners.contains(where: { text.has($0, at: k - $0.count) && k - $0.count >= range.lowerBound }) { return nil }
        // the figure: fillers and white space, digits, white space, 件 or 份
        var j = k + word.count
        let limit = min(range.upperBound, j + 16)
        scan: while j < limit {
            if isSpaceOrNewline(text[j]) { j += 1; continue }
            for f in outcomeFillers where text.has(f, at: j) { j += f.count; continue scan }
            break
        }
        guard j < range.upperBound, digitValue(text[j]) != nil else { return nil }
        let at = j
        var value = 0
        while j < range.upperBound, let d = digitValue(text[j]) {
            guard j - at < 9 else { return nil }
            value = value * 10 + d; j += 1
        }
        if at + 1 < j && digitValue(text[at]) == 0 { return nil }   // 05件: no figure a report prints
        while j < range.upperBound && isSpaceOrNewline(text[j]) { j += 1 }
        guard j < range.upperBound, text[j] == 0x4EF6 || text[j] == 0x4EFD else { return nil }   // 件 份
        // the sentence and the clause the word stands in
        var start = k
        while start > range.lowerBound && k - start < 200 && !sentenceEnds.contains(text[start - 1]) && !blankLineEnds(text, at: start, from: range.lowerBound) { start -= 1 }
        var clause = k
        while clause > start && !clauseEnds.contains(text[clause - 1]) { clause -= 1 }
        let lead = trimmedRange(text, clause..<k)
        let leadOK = lead.isEmpty || outcomeLeads.contains { Array(text[lead]) == $0 }
            || outcomeLeadEnds.contains { lead.count >= $0.count && text.has($0, at: lead.upperBound - $0.count) }
        guard leadOK else { return nil }
        let before = start..<k
        func has(_ w: [U]) -> Bool { text.contains(w, from: before.lowerBound, to: before.upperBound) }
        if appealWords.contains(where: has) || channelWords.contains(where: has) { return nil }
        if (comparisonWords + runningTotalWords).contains(where: { text.contains($0, from: clause, to: k) })
            || runningTotalWords.contains(where: has) { return nil }
        if years(text, before).count > 1 { return nil }
        if !inSection {
            guard let applied = lastIndex(text, u("申请"), before), text.contains(u("公开"), from: before.lowerBound, to: k) else { return nil }
            if let proactive = lastIndex(text, u("主动公开"), before), proactive > applied { return nil }
        }
        return ProseStatement(value: value, at: at)
    }

    /// True when an empty line ends right before `i` (a paragraph break in a hard-wrapped text).
    static func blankLineEnds(_ s: [U], at i: Int, from lower: Int) -> Bool {
        guard i - 1 >= lower, isNewline(s[i - 1]) else { return false }
        var k = i - 2
        while k >= lower && isHSpace(s[k]) { k -= 1 }
        return k >= lower && isNewline(s[k])
    }

    static func lastIndex(_ s: [U], _ w: [U], _ r: Range<Int>) -> Int? {
        var last: Int? = nil, from = r.lowerBound
        while let p = s.find(w, from: from, to: r.upperBound) { last = p; from = p + 1 }
        return last
    }

    /// The years written in a range (2019年).
    static func years(_ s: [U], _ r: Range<Int>) -> Set<Int> {
        var out = Set<Int>()
        var i = r.lowerBound
        while i + 4 < r.upperBound {
            if (i == r.lowerBound || digitValue(s[i - 1]) == nil), s[i] == 0x32 || s[i] == 0xFF12 {
                var v = 0, k = i
                while k < i + 4, let d = digitValue(s[k]) { v = v * 10 + d; k += 1 }
                if k == i + 4, k < r.upperBound, s[k] == 0x5E74 { out.insert(v) }   // 年
            }
            i += 1
        }
        return out
    }

    /// The figure every statement gives, at the first of them; nil when there is none or they differ.
    static func agreed(_ statements: [ProseStatement]) -> ProseStatement? {
        guard let first = statements.first, statements.allSatisfy({ $0.value == first.value }) else { return nil }
        return first
    }

    /// The request figures of a report whose tables do not give them, from the prose: the year's
    /// applications (`received`) and how they were answered (`outcomes`). Each row's figure is the one
    /// every statement gives (how `prose`, at its line), or, where statements differ, null with each
    /// of them in the reason.
    /// `tablePrinted`: the text prints the requests table's header, but its rows were not read (本年新收
    /// broken over lines by pdftotext): the prose does not stand in for a table that is there (019 says
    /// 收到…申请75件 where its table prints 本年新收 74 and 上年结转 1), and the figure is null with the
    /// prose's statements in the reason.
    static func readRequests(_ statements: [String: [ProseStatement]], _ lines: Lines, tablePrinted: Bool, into stats: inout Statistics) {
        var requests = stats.requests ?? RequestStatistics()
        var read = false
        for row in RequestStatistics.rowNames {
            guard let said = statements[row], !said.isEmpty else { continue }
            let key = "requests.\(row).total"
            let each = said.map { "\($0.value) (line \(lines.printedLine(of: $0.at)))" }
            if tablePrinted {
                stats.nulls[key] = "the requests table is printed but its rows are not read; the prose states " + each.joined(separator: ", ")
                continue
            }
            if let one = agreed(said) {
                requests[row] = ApplicantRow([nil, nil, nil, nil, nil, nil, one.value])
                stats.sources[key] = FigureSource(line: lines.printedLine(of: one.at), how: "prose")
            } else {
                requests[row] = ApplicantRow([])
                stats.nulls[key] = "the prose states different figures: " + each.joined(separator: ", ")
            }
            read = true
        }
        guard read else { return }
        stats.requests = requests
        stats.requestsFromProse = true
    }

    /// The statements of the year's applications and of how they were answered, by request row.
    static func requestStatements(_ text: [U], sections: [Section]) -> [String: [ProseStatement]] {
        var out = outcomes(text, sections: sections)
        let received = received(text, sections: sections)
        if !received.isEmpty { out["new_applications"] = received }
        return out
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
