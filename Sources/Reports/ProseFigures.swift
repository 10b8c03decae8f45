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

    /// The figure every statement gives, at the first of them; nil when there is none or they differ.
    static func agreed(_ statements: [ProseStatement]) -> ProseStatement? {
        guard let first = statements.first, statements.allSatisfy({ $0.value == first.value }) else { return nil }
        return first
    }

    /// The year's applications of a report whose tables do not give them, from the prose: the figure
    /// every statement gives (how `prose`, at its line), or, where statements differ, null with each
    /// of them in the reason.
    /// `tablePrinted`: the text prints the requests table's header, but its rows were not read (本年新收
    /// broken over lines by pdftotext): the prose does not stand in for a table that is there (019 says
    /// 收到…申请75件 where its table prints 本年新收 74 and 上年结转 1), and the figure is null with the
    /// prose's statements in the reason.
    static func readApplications(_ statements: [ProseStatement], _ lines: Lines, tablePrinted: Bool, into stats: inout Statistics) {
        guard !statements.isEmpty else { return }
        let key = "requests.new_applications.total"
        let each = statements.map { "\($0.value) (line \(lines.printedLine(of: $0.at)))" }
        if tablePrinted {
            stats.nulls[key] = "the requests table is printed but its rows are not read; the prose states " + each.joined(separator: ", ")
            return
        }
        var requests = stats.requests ?? RequestStatistics()
        if let said = agreed(statements) {
            requests.new_applications = ApplicantRow([nil, nil, nil, nil, nil, nil, said.value])
            stats.sources[key] = FigureSource(line: lines.printedLine(of: said.at), how: "prose")
        } else {
            requests.new_applications = ApplicantRow([])
            stats.nulls[key] = "the prose states different figures: " + each.joined(separator: ", ")
        }
        stats.requests = requests
        stats.requestsFromProse = true
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
