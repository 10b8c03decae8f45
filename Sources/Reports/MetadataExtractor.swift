import Segmentation
// Title, year, agency, region, level and format from report text.

enum MetadataExtractor {
    // MARK: places

    static let placeSuffixes: [[U]] = ["特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "地区", "新区", "省", "市", "区", "县", "旗", "盟", "州", "镇", "乡"].map(u)
    static let stopChars: Set<U> = Set(u("和与及的了在对为我全本各等是将从由向把被于以其该此这之共已到至年月日省市区县、，。；：！？　 （）《》“”\"'()0123456789"))
    static let provinceLevelCities: [[U]] = ["北京市", "天津市", "上海市", "重庆市"].map(u)

    /// Parses one place unit starting at i; returns its end.
    static func placeUnit(_ s: [U], _ i: Int, _ end: Int) -> Int? {
        var k = i
        let limit = min(end, i + 11)
        while k < limit {
            let c = s[k]
            if !CJK.isIdeograph(c) { return nil }
            // 嵩县, 沛县: one-character county names
            if k - i == 1 && c == 0x53BF && !stopChars.contains(s[i]) { return k + 1 }
            if k - i >= 2 {
                for suf in placeSuffixes where s.has(suf, at: k) {
                    let e = k + suf.count
                    if e <= end { return e }
                }
            }
            if stopChars.contains(c) && !(k == i && c == 0x548C) { return nil }   // 和平区 starts with 和
            k += 1
        }
        return nil
    }

    /// A chain of place units starting at i (e.g. 江苏省淮安市洪泽区); returns the unit ends.
    static func placeChain(_ s: [U], _ i: Int, _ end: Int) -> [Int] {
        var ends: [Int] = []
        var k = i
        while let e = placeUnit(s, k, end) {
            ends.append(e); k = e
            if ends.count >= 5 { break }
        }
        return ends
    }

    /// The longest place chain in the text that ends exactly where `target` ends, given `target` occurrences.
    static func extendBackwards(_ s: [U], target: [U], maxOccurrences: Int = 40) -> [U]? {
        var best: [U]? = nil
        var from = 0
        var seen = 0
        while let p = s.find(target, from: from), seen < maxOccurrences {
            seen += 1
            from = p + 1
            // try chains starting up to 20 scalars before p that end exactly at p + target.count... (end of target's place chain)
            var k = max(0, p - 20)
            while k < p {
                let chain = placeChain(s, k, p + target.count)
                if let last = chain.last, chain.contains(p), last >= p {
                    let cand = Array(s[k..<p])
                    if best == nil || cand.count > best!.count { best = cand }
                    break
                }
                k += 1
            }
        }
        return best
    }

    // MARK: years and dates

    /// Years written as 2019年 / 2019 年; returns (year, offset of 年 end, offset of start).
    static func yearAt(_ s: [U], _ i: Int) -> (Int, Int)? {
        guard i + 4 < s.count else { return nil }
        var y = 0
        for k in 0..<4 { guard let d = digitValue(s[i + k]) else { return nil }; y = y * 10 + d }
        if i > 0, digitValue(s[i - 1]) != nil { return nil }
        if i + 4 < s.count, digitValue(s[i + 4]) != nil { return nil }
        guard y >= 1990 && y <= 2099 else { return nil }
        var k = i + 4
        while k < s.count && k < i + 6 && (s[k] == 0x20 || s[k] == 0xA0) { k += 1 }
        guard k < s.count && s[k] == 0x5E74 else { return nil }  // 年
        return (y, k + 1)
    }

    static func smallNumber(_ s: [U], _ i: Int) -> (Int, Int)? {
        var k = i
        while k < s.count && (s[k] == 0x20 || s[k] == 0xA0) { k += 1 }
        var v = 0, digits = 0
        while k < s.count, let d = digitValue(s[k]), digits < 2 { v = v * 10 + d; k += 1; digits += 1 }
        if digits == 0 { return nil }
        while k < s.count && (s[k] == 0x20 || s[k] == 0xA0) { k += 1 }
        return (v, k)
    }

    /// A date YYYY年M月D日 at i: (year, month, day, end).
    static func dateAt(_ s: [U], _ i: Int) -> (Int, Int, Int, Int)? {
        guard let (y, e) = yearAt(s, i) else { return nil }
        guard let (m, e2) = smallNumber(s, e), e2 < s.count, s[e2] == 0x6708 else { return nil }  // 月
        guard let (d, e3) = smallNumber(s, e2 + 1), e3 < s.count, s[e3] == 0x65E5 else { return nil } // 日
        return (y, m, d, e3 + 1)
    }

    static func firstYear(_ s: [U], _ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        while i < r.upperBound { if let (y, _) = yearAt(s, i) { return y }; i += 1 }
        return nil
    }

    static let chineseDigitYear: [U: Int] = [0x3007: 0, 0x25CB: 0, 0x96F6: 0, 0x4E00: 1, 0x4E8C: 2, 0x4E09: 3, 0x56DB: 4, 0x4E94: 5, 0x516D: 6, 0x4E03: 7, 0x516B: 8, 0x4E5D: 9]

    static func year(_ s: [U], title: String?, titleRange: Range<Int>?, signatureDate: (Int, Int)?) -> Int? {
        if let t = title {
            let ts = u(t)
            if let y = firstYear(ts, 0..<ts.count) { return y }
        }
        let n = s.count
        // 统计期限 … YYYY年1月1日
        var i = 0
        while i < n {
            if isDigit(s[i]) || isFullDigit(s[i]), let (y, m, d, e) = dateAt(s, i) {
                if m == 1 && d == 1 { return y }
                i = e; continue
            }
            i += 1
        }
        if let (y, m) = signatureDate { return m <= 6 ? y - 1 : y }
        // YYYY年度
        i = titleRange?.upperBound ?? 0
        var firstPlain: Int? = nil
        while i < n {
            if isDigit(s[i]) || isFullDigit(s[i]), let (y, e) = yearAt(s, i) {
                if e < n && s[e] == 0x5EA6 { return y }  // 度
                if firstPlain == nil && !(smallNumber(s, e).map { $0.1 < n && s[$0.1] == 0x6708 } ?? false) { firstPlain = y }
                i = e; continue
            }
            i += 1
        }
        return firstPlain
    }

    // MARK: title

    static let kBaoGao = u("报告"), kNianBao = u("年报"), kZongJie = u("总结"), kXinXiGongKai = u("信息公开"), kZhengWen = u("正文")

    static func title(_ s: [U], _ lines: Lines) -> (String, Range<Int>)? {
        var li = 0
        while li < lines.count {
            let tr = SectionParser.headingTrim(s, trimmedRange(s, lines.starts[li]..<lines.ends[li]))
            if tr.isEmpty || (tr.count == 2 && s.has(kZhengWen, at: tr.lowerBound)) { li += 1; continue }
            if tr.count <= 60 {
                if SectionParser.marker(s, tr.lowerBound, tr.upperBound, allowArabic: true) != nil { return nil }
                let isTitle = s.contains(kBaoGao, from: tr.lowerBound, to: tr.upperBound) || s.contains(kNianBao, from: tr.lowerBound, to: tr.upperBound) || s.contains(kZongJie, from: tr.lowerBound, to: tr.upperBound) || s.contains(u("报..."), from: tr.lowerBound, to: tr.upperBound)
                if isTitle { return (string(s, tr), tr) }
                // title over two lines
                var lj = li + 1
                while lj < lines.count && trimmedRange(s, lines.starts[lj]..<lines.ends[lj]).isEmpty { lj += 1 }
                if lj < lines.count {
                    let t2 = SectionParser.headingTrim(s, trimmedRange(s, lines.starts[lj]..<lines.ends[lj]))
                    if t2.count + tr.count <= 60 && s.contains(kBaoGao, from: t2.lowerBound, to: t2.upperBound)
                        && SectionParser.marker(s, t2.lowerBound, t2.upperBound, allowArabic: false) == nil {
                        return (string(s, tr) + string(s, t2), tr.lowerBound..<t2.upperBound)
                    }
                }
                return nil
            }
            // One long line: look for "…YYYY年…信息公开…报告" near the start.
            let limit = min(tr.upperBound, tr.lowerBound + 400)
            var from = tr.lowerBound
            while let p = s.find(kBaoGao, from: from, to: limit) {
                var a = p
                while a > tr.lowerBound {
                    let c = s[a - 1]
                    if isHSpace(c) || c == 0xFF1A || c == 0x3A || c == 0x3002 || c == 0x3E || c == 0x300A || c == 0x300B || c == 0xFF0C { break }
                    a -= 1
                }
                if p - a <= 50 && s.contains(kXinXiGongKai, from: a, to: p) && firstYear(s, a..<p) != nil {
                    return (string(s, a..<(p + 2)), a..<(p + 2))
                }
                from = p + 2
            }
            return nil
        }
        return nil
    }

    // MARK: agency

    static let agencySuffixes: [[U]] = ["人民政府办公室", "人民政府", "办公室", "办事处", "委员会", "管委会", "政府", "厅", "局", "委", "办", "中心", "院", "署", "会", "馆", "部", "处", "站", "所", "队", "区", "县", "市", "镇", "乡", "街道", "街", "旗"].map(u)
    static func looksLikeAgency(_ a: [U]) -> Bool {
        guard a.count >= 2 && a.count <= 30 else { return false }
        for c in a where !(CJK.isIdeograph(c) || c == 0xFF08 || c == 0xFF09) { return false }
        if a.first == 0x6211 || a.first == 0x672C { return false } // 我, 本
        for suf in agencySuffixes where a.count > suf.count && a.has(suf, at: a.count - suf.count) { return true }
        return false
    }

    /// What a title found in a crawled text may hold before its year that names no agency: a page's
    /// word (正文2024年上海市科委…) or the end of the sentence that announces it (…，特向社会公布2015年度
    /// 我厅信息公开工作年度报告). The agency is then looked for after the year.
    static let notAgencyEnds: [[U]] = ["正文", "全文", "附件", "标题", "公布", "发布", "印发"].map(u)

    static func agencyFromTitle(_ t: [U]) -> [U]? {
        var a = 0, b = t.count
        while a < b && (isHSpace(t[a]) || t[a] == 0x23) { a += 1 }
        // year position
        var yearStart: Int? = nil, yearEnd = 0
        var i = a
        while i < b { if let (_, e) = yearAt(t, i) { yearStart = i; yearEnd = e; break }; i += 1 }
        var cand: [U] = []
        if let ys = yearStart {
            cand = Array(t[a..<ys])
            let before = trimU(cand)
            if before.isEmpty || notAgencyEnds.contains(where: { before.count >= $0.count && before.has($0, at: before.count - $0.count) }) {
                var e = yearEnd
                if e < b && t[e] == 0x5EA6 { e += 1 }
                if let p = t.find(kXinXiGongKai, from: e) {
                    var q = p
                    if q >= 2 && t.has(u("政府"), at: q - 2) { q -= 2 }
                    cand = Array(t[e..<q])
                }
            }
        } else if let p = t.find(kXinXiGongKai, from: a) {
            var q = p
            if q >= 2 && t.has(u("政府"), at: q - 2) { q -= 2 }
            cand = Array(t[a..<q])
        }
        cand = trimU(cand)
        if cand.count >= 2 && cand.has(u("关于"), at: 0) { cand.removeFirst(2) }
        if cand.count < 2 || cand[0] == 0x6211 || cand[0] == 0x672C { return nil }   // 我厅, 本局: no name
        for c in cand where !(CJK.isIdeograph(c) || c == 0xFF08 || c == 0xFF09) { return nil }
        return cand
    }

    static func trimU(_ a: [U]) -> [U] {
        var x = 0, y = a.count
        while x < y && isSpaceOrNewline(a[x]) { x += 1 }
        while y > x && isSpaceOrNewline(a[y - 1]) { y -= 1 }
        return Array(a[x..<y])
    }

    /// The last date in the closing part of the text and the agency named just before it.
    static func signature(_ s: [U], _ lines: Lines) -> (date: (Int, Int)?, agency: [U]?) {
        let n = s.count
        let from = max(0, n - 600)
        var last: (Int, Int, Int, Int)? = nil  // y, m, start, end
        var i = from
        while i < n {
            if isDigit(s[i]) || isFullDigit(s[i]), let (y, m, _, e) = dateAt(s, i) { last = (y, m, i, e); i = e; continue }
            i += 1
        }
        // Also a date right under the title (e.g. 沐阳县人民政府\n(2026年1月23日))
        guard let (y, m, ds, _) = last else { return (nil, nil) }
        var k = ds
        while k > 0 && (isSpaceOrNewline(s[k - 1]) || s[k - 1] == 0xFF08 || s[k - 1] == 0x28) { k -= 1 }
        var a = k
        while a > 0 {
            let c = s[a - 1]
            if !(CJK.isIdeograph(c) || c == 0xFF08 || c == 0xFF09) { break }
            a -= 1
            if k - a > 30 { break }
        }
        var cand = Array(s[a..<k])
        // a run glued to the previous sentence: keep the place-led tail
        if !looksLikeAgency(cand) { cand = [] }
        if cand.count > 24 {
            // find a place chain start inside
            var best: [U] = []
            for st in 0..<cand.count where !placeChain(cand, st, cand.count).isEmpty {
                best = Array(cand[st...]); break
            }
            cand = best
        }
        return ((y, m), cand.isEmpty ? nil : cand)
    }

    static let selfRefs: [(U, [[U]])] = [
        (0x533A, ["我区", "全区", "本区"].map(u)), (0x53BF, ["我县", "全县", "本县"].map(u)),
        (0x5E02, ["我市", "全市", "本市"].map(u)), (0x9547, ["我镇", "全镇", "本镇"].map(u)),
    ]

    /// Most frequent place chain whose last unit ends with `suffix` (for reports naming only the place).
    static func frequentPlace(_ s: [U], suffix: U) -> [U]? {
        var counts: [[U]: Int] = [:]
        var i = 0
        let n = s.count
        while i < n {
            if CJK.isIdeograph(s[i]) {
                let chain = placeChain(s, i, n)
                if let e = chain.last, s[e - 1] == suffix {
                    counts[Array(s[i..<e]), default: 0] += 1
                    i = e; continue
                }
            }
            i += 1
        }
        return counts.filter { $0.value >= 1 }.max { a, b in a.value < b.value || (a.value == b.value && a.key.count < b.key.count) }?.key
    }

    static func extract(_ s: [U], _ lines: Lines, sections: [Section]) -> (title: String?, meta: Metadata) {
        let t = title(s, lines)
        let sig = signature(s, lines)
        var meta = Metadata()
        meta.year = year(s, title: t?.0, titleRange: t?.1, signatureDate: sig.date)

        var agency: [U]? = nil
        if let t { agency = agencyFromTitle(u(t.0)) }
        if agency == nil, let a = sig.agency { agency = a }
        if agency == nil {
            // Agency named near the top, e.g. a line holding only 沐阳县人民政府
            for li in 0..<min(lines.count, 4) {
                let tr = trimmedRange(s, lines.starts[li]..<lines.ends[li])
                let cand = Array(s[tr])
                if looksLikeAgency(cand) && !placeChain(cand, 0, cand.count).isEmpty { agency = cand; break }
            }
        }
        if agency == nil {
            // A title not taken as the title: under a running head (政府信息公开工作年度报告 above it on
            // every page), or cut by a list page (…年度报...); its agency must name a place and look like one
            for li in 0..<min(lines.count, 4) {
                let tr = trimmedRange(s, lines.starts[li]..<lines.ends[li])
                let head = Array(s[tr.lowerBound..<min(tr.upperBound, tr.lowerBound + 80)])
                guard head.contains(kXinXiGongKai), let a = agencyFromTitle(head) else { continue }
                if looksLikeAgency(a) && !placeChain(a, 0, a.count).isEmpty { agency = a; break }
            }
        }
        if agency == nil { agency = openingSentenceAgency(s, from: t?.1.upperBound ?? 0) }
        if agency == nil {
            for (suf, refs) in selfRefs where refs.contains(where: { s.contains($0) }) {
                if let p = frequentPlace(s, suffix: suf) { agency = p; break }
            }
        }
        // An agency without its place (政务服务办): complete it from the body.
        if var a = agency, placeChain(a, 0, a.count).isEmpty {
            if let pre = extendBackwards(s, target: a), !pre.isEmpty { a = pre + a }
            agency = a
        }
        meta.agencyAsWritten = agency.map { string($0[...]) }
        meta.agency = meta.agencyAsWritten.map(AgencyNames.canonical)
        var regionUnits: [String] = []

        // Region: the agency's place chain, lengthened from the body, province added for known cities.
        if let a = agency {
            let chain = placeChain(a, 0, a.count)
            if let last = chain.last {
                var place = Array(a[0..<last])
                if let longer = extendBackwards(s, target: place), !longer.isEmpty {
                    // ignore a repeated unit (文成县文成县 in sloppy text)
                    let mine = splitUnits(place), theirs = splitUnits(longer)
                    if !theirs.contains(where: { mine.contains($0) }) { place = longer + place }
                }
                let units = splitUnits(place)
                var region = place
                if let first = units.first, !isProvinceLevel(first), let prov = Gazetteer.province(of: first) {
                    region = u(prov) + region
                }
                meta.region = string(region[...])
                meta.level = level(splitUnits(region), agency: a)
                regionUnits = splitUnits(region).map { string($0[...]) }
            }
        }
        if let written = meta.agencyAsWritten, let a = agency {
            meta.agency = AgencyNames.canonical(written, places: splitUnits(a).map { string($0[...]) }, region: regionUnits)
        }
        meta.format = format(s, sections: sections, year: meta.year)
        return (t?.0, meta)
    }

    /// Words that open what a report's first sentence says its body did (2024年，平潭综合实验区坚持…).
    static let openingVerbs: [[U]] = ["坚持", "认真", "深入", "全面", "紧紧", "紧扣", "聚焦", "围绕", "持续", "进一步", "高度",
                                      "按照", "严格", "不断", "扎实", "积极", "始终", "着力", "切实", "大力", "继续", "以", "在"].map(u)
    static let wholeBodyWords: [[U]] = ["人民政府", "管理委员会", "管委会", "政府"].map(u)

    /// Endings of a department's name (…生态环境局, …工业和信息化厅, …发展和改革委员会, …政务服务办),
    /// longest first where one begins another.
    static let departmentEnds: [[U]] = ["委员会", "办公室", "管委会", "中心", "局", "厅", "委", "办", "署"].map(u)
    /// Characters no department name holds between its place and its ending: words of a sentence
    /// (的, 在, 与, 等, …), and 党, 纪 (a party body, another than the government's).
    static let departmentStops: Set<U> = Set(u("的了在对为我全本各等是将从由向把被于以其该此这之共已到至年月日与及党纪、，。；：！？　 （）《》“”\"'()0123456789"))

    /// The department a place is followed by in an opening sentence (河北省|工业和信息化厅|坚持): up to 16
    /// characters ending in one of `departmentEnds` after at least `lead` others (after 人民政府: its
    /// 办公室), the first such ending followed by an opening verb, no stop character, and no opening
    /// verb inside (市|围绕大局|坚持 is no department). Its end, or nil.
    static func departmentEnd(_ s: [U], from k: Int, lead: Int = 2) -> Int? {
        guard k < s.count, s[k] != 0x59D4 else { return nil }   // 委: 市委 is the party's committee
        var i = k
        while i < min(s.count, k + 16) {
            let c = s[i]
            guard CJK.isIdeograph(c), !departmentStops.contains(c) else { return nil }
            if i > k, openingVerbs.contains(where: { s.has($0, at: i) }) { return nil }
            if i - k >= lead, let end = departmentEnds.first(where: { s.has($0, at: i) }) {
                let e = i + end.count
                return openingVerbs.contains(where: { s.has($0, at: e) }) ? e : nil
            }
            i += 1
        }
        return nil
    }

    /// The body a report names only in its opening sentence: `YYYY年，` then a place (with 人民政府 or a
    /// zone's 管委会 when they follow it), or, in the first `YYYY年，` only, a place and one of its
    /// departments (2020年，河北省工业和信息化厅坚持…), and a word opening what it did. Nothing else may stand between the comma and the
    /// verb: a sentence naming another body first (2023年，在市委市政府领导下…, 2023年，XX市委高度重视…)
    /// gives none.
    static func openingSentenceAgency(_ s: [U], from: Int) -> [U]? {
        let end = min(s.count, from + 1000)
        var i = from
        var opening = true
        while i < end {
            guard isDigit(s[i]) || isFullDigit(s[i]), let (_, yearEnd) = yearAt(s, i) else { i += 1; continue }
            i = yearEnd
            var k = yearEnd
            if k < s.count && s[k] == 0x5EA6 { k += 1 }   // 度
            guard k < s.count, s[k] == 0xFF0C || s[k] == 0x2C else { continue }   // ，
            // a department only in the first `YYYY年，` (a later one may be a part of the body's work:
            // 2023年，XX市教育局… in a city's report)
            let first = opening
            opening = false
            k = skipSpaces(s, k + 1)
            guard let placeEnd = placeChain(s, k, s.count).last else { continue }
            var nameEnd = placeEnd
            let body = wholeBodyWords.first(where: { s.has($0, at: placeEnd) })
            if let body { nameEnd += body.count }
            if openingVerbs.contains(where: { s.has($0, at: nameEnd) }) { return Array(s[k..<nameEnd]) }
            if first, let e = departmentEnd(s, from: nameEnd, lead: body == nil ? 2 : 0) { return Array(s[k..<e]) }
        }
        return nil
    }

    static func skipSpaces(_ s: [U], _ i: Int) -> Int {
        var k = i
        while k < s.count && isHSpace(s[k]) { k += 1 }
        return k
    }

    static func splitUnits(_ p: [U]) -> [[U]] {
        var out: [[U]] = []
        var k = 0
        for e in placeChain(p, 0, p.count) { out.append(Array(p[k..<e])); k = e }
        return out
    }

    static func isProvinceLevel(_ unit: [U]) -> Bool {
        if provinceLevelCities.contains(unit) { return true }
        if let l = unit.last, l == 0x7701 { return true }  // 省
        if unit.count >= 3 && unit.has(u("自治区"), at: unit.count - 3) { return true }
        if unit.count >= 5 && unit.has(u("特别行政区"), at: unit.count - 5) { return true }
        return false
    }

    static func level(_ units: [[U]], agency: [U]) -> String? {
        guard let lastUnit = units.last else { return nil }
        if units.count == 1 && isProvinceLevel(lastUnit) { return "province" }
        let l = lastUnit.last!
        if lastUnit.count >= 2 && lastUnit.has(u("街道"), at: lastUnit.count - 2) { return "township" }
        switch l {
        case 0x7701: return "province"
        case 0x9547, 0x4E61: return "township"
        case 0x533A, 0x53BF, 0x65D7: return units.count == 1 && lastUnit.has(u("自治区"), at: max(0, lastUnit.count - 3)) ? "province" : "county"
        case 0x5E02, 0x5DDE, 0x76DF:
            // county-level cities under a prefecture (e.g. 瑞安市 under 温州市)
            if units.count >= 2 && units[units.count - 2].last == 0x5E02 && !isProvinceLevel(units[units.count - 2]) { return "county" }
            return isProvinceLevel(lastUnit) ? "province" : "city"
        default: return nil
        }
    }

    static let kStandardMarkers: [[U]] = ["收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量", "第二十条第"].map(u)

    static func format(_ s: [U], sections: [Section], year: Int?) -> String? {
        for m in kStandardMarkers where s.contains(m) { return "standard2019" }
        if let y = year { return y >= 2019 ? "standard2019" : "pre2019" }
        if sections.contains(where: { $0.key == .fees }) { return "pre2019" }
        return nil
    }
}
