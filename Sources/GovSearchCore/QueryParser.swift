import Reports

/// The parsed form of a query string.
public indirect enum QueryNode: Equatable, Sendable {
    /// A word or quoted phrase: matches where its normalized text occurs.
    case text(String)
    case filter(QueryFilter)
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
}

public enum QueryFilter: Equatable, Sendable {
    case year(ClosedRange<Int>)
    /// Agencies (regions) whose name contains the value.
    case agency(String)
    case region(String)
    case section(SectionKey)
    case level(String)
    case format(String)
}

/// Parses the query language:
///
///     query   := orExpr
///     orExpr  := andExpr ("OR" andExpr)*
///     andExpr := unary ("AND"? unary)*          -- implicit AND
///     unary   := ("NOT" | "-") unary | primary
///     primary := "(" orExpr ")" | FIELD ":" value | "phrase" | word
///
/// Full-width syntax (`year：2020`, `（`, `）`, U+3000) works like half-width;
/// phrases may be quoted with "…", “…”, 「…」 or 『…』.
public struct QueryParser {
    /// The fields of `field:value` (`IndexSchema.fields`).
    public static let fields = IndexSchema.fields.map(\.facet.rawValue)

    enum Token: Equatable {
        case word(String), phrase(String), lparen, rparen, or, and, not
        case field(String, String, quoted: Bool)
    }

    let original: String
    var tokens: [(token: Token, at: Int)] = []
    var index = 0

    public static func parse(_ query: String) throws -> QueryNode? {
        var p = QueryParser(original: query)
        p.tokens = try p.lex(Array(query))
        if p.tokens.isEmpty { return nil }
        let node = try p.parseOr()
        if p.index < p.tokens.count {
            let (tok, at) = p.tokens[p.index]
            throw p.error(tok == .rparen ? "unbalanced ')'" : "unexpected input", at: at)
        }
        return node
    }

    func error(_ message: String, at: Int?) -> GovSearchError {
        .badQuery(query: original, message: message, position: at)
    }

    // MARK: lexing

    static let closingQuote: [Character: Character] = ["\"": "\"", "“": "”", "「": "」", "『": "』", "”": "”", "＂": "＂"]

    /// Full-width ASCII (U+FF01–U+FF5E: `ｙｅａｒ：２０２０`, `（`, `－`) as half-width, so
    /// field names, values and operators typed with a Chinese input method work.
    /// The full-width quote ＂ stays: it opens a phrase that it must also close.
    /// Text words are NFKC-normalized later anyway, which maps the same way.
    static func halfWidth(_ c: Character) -> Character {
        guard c.unicodeScalars.count == 1, let s = c.unicodeScalars.first,
              s.value >= 0xFF01, s.value <= 0xFF5E, s.value != 0xFF02 else { return c }
        return Character(Unicode.Scalar(s.value - 0xFF01 + 0x21)!)
    }

    func lex(_ chars: [Character]) throws -> [(token: Token, at: Int)] {
        var out: [(Token, Int)] = []
        var i = 0
        let n = chars.count
        func isSpace(_ c: Character) -> Bool { c.isWhitespace }
        while i < n {
            let c = Self.halfWidth(chars[i])
            if isSpace(c) { i += 1; continue }
            if c == "(" { out.append((.lparen, i)); i += 1; continue }
            if c == ")" { out.append((.rparen, i)); i += 1; continue }
            if let close = Self.closingQuote[c] {
                let start = i
                var j = i + 1
                while j < n && chars[j] != close && !(close == "”" && chars[j] == "\"") { j += 1 }
                guard j < n else { throw error("unbalanced quote \(c)", at: start) }
                out.append((.phrase(String(chars[(i + 1)..<j])), start))
                i = j + 1
                continue
            }
            if c == "-" && i + 1 < n && !isSpace(chars[i + 1]) && (out.isEmpty || isSpace(chars[i - 1]) || chars[i - 1] == "(" || chars[i - 1] == "（") {
                out.append((.not, i)); i += 1; continue
            }
            // A bare run up to white space, a parenthesis or a quote.
            let start = i
            var j = i
            while j < n {
                let d = Self.halfWidth(chars[j])
                if isSpace(d) || d == "(" || d == ")" || Self.closingQuote[d] != nil { break }
                j += 1
            }
            let raw = chars[start..<j]
            let run = String(raw.map(Self.halfWidth))
            i = j
            if run == "OR" || run == "|" { out.append((.or, start)); continue }
            if run == "AND" { out.append((.and, start)); continue }
            if run == "NOT" { out.append((.not, start)); continue }
            if let colon = run.firstIndex(of: ":"), colon != run.startIndex,
               run[..<colon].allSatisfy({ $0.isASCII && $0.isLetter }) {
                let name = run[..<colon].lowercased()
                guard Self.fields.contains(name) else {
                    throw error("unknown field '\(name)' (known: \(Self.fields.joined(separator: ", ")))", at: start)
                }
                var value = String(run[run.index(after: colon)...])
                var quoted = false
                if value.isEmpty, i < n, let close = Self.closingQuote[chars[i]] {
                    // field:"quoted value"
                    var k = i + 1
                    while k < n && chars[k] != close { k += 1 }
                    guard k < n else { throw error("unbalanced quote \(chars[i])", at: i) }
                    value = String(chars[(i + 1)..<k])
                    quoted = true
                    i = k + 1
                }
                guard !value.isEmpty else { throw error("field '\(name)' needs a value", at: start) }
                out.append((.field(name, value, quoted: quoted), start))
                continue
            }
            out.append((.word(String(raw)), start))  // as typed: messages quote it, normalization maps it
        }
        return out
    }

    // MARK: parsing

    mutating func parseOr() throws -> QueryNode {
        var parts = [try parseAnd()]
        while index < tokens.count, tokens[index].token == .or {
            let at = tokens[index].at
            index += 1
            guard index < tokens.count, tokens[index].token != .rparen, tokens[index].token != .or else {
                throw error("OR needs something after it", at: at)
            }
            parts.append(try parseAnd())
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    mutating func parseAnd() throws -> QueryNode {
        var parts: [QueryNode] = []
        while index < tokens.count {
            let (tok, at) = tokens[index]
            if tok == .or || tok == .rparen { break }
            if tok == .and {
                index += 1
                guard !parts.isEmpty, index < tokens.count else { throw error("AND needs something on both sides", at: at) }
                continue
            }
            parts.append(try parseUnary())
        }
        guard !parts.isEmpty else {
            throw error("empty expression", at: index < tokens.count ? tokens[index].at : nil)
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    mutating func parseUnary() throws -> QueryNode {
        let (tok, at) = tokens[index]
        if tok == .not {
            index += 1
            guard index < tokens.count, tokens[index].token != .rparen, tokens[index].token != .or else {
                throw error("NOT needs something after it", at: at)
            }
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> QueryNode {
        let (tok, at) = tokens[index]
        index += 1
        switch tok {
        case .lparen:
            guard index < tokens.count, tokens[index].token != .rparen else {
                throw error(index < tokens.count ? "empty parentheses" : "unbalanced '('", at: at)
            }
            let inner = try parseOr()
            guard index < tokens.count, tokens[index].token == .rparen else { throw error("unbalanced '('", at: at) }
            index += 1
            return inner
        case let .word(w): return .text(w)
        case let .phrase(p): return .text(p)
        case let .field(name, value, _): return .filter(try filter(name, value, at: at))
        case .rparen: throw error("unbalanced ')'", at: at)
        case .or, .and, .not: throw error("misplaced operator", at: at)
        }
    }

    func filter(_ name: String, _ value: String, at: Int) throws -> QueryFilter {
        switch name {
        case "year": return .year(try yearRange(value, at: at))
        case "agency": return .agency(value)
        case "region": return .region(value)
        case "level":
            guard let level = Level(named: value) else {
                throw error("unknown level '\(value)' (known: \(Level.allCases.map(\.rawValue).joined(separator: ", ")))", at: at)
            }
            return .level(level.rawValue)
        case "format":
            guard let plan = ReportPlan(named: value) else {
                throw error("unknown format '\(value)' (known: \(ReportPlan.allCases.map(\.rawValue).joined(separator: ", ")))", at: at)
            }
            return .format(plan.rawValue)
        case "section":
            guard let key = SectionKey.named(value) else {
                throw error("unknown section '\(value)' (use \(SectionKey.allCases.map(\.rawValue).joined(separator: ", ")), 1–6 or a heading name)", at: at)
            }
            return .section(key)
        default: throw error("unknown field '\(name)'", at: at)
        }
    }

    func yearRange(_ v: String, at: Int) throws -> ClosedRange<Int> {
        func year(_ s: Substring) throws -> Int {
            guard s.count == 4, let y = Int(s), y >= 1900, y <= 2999 else {
                throw error("bad year '\(s)' (expected a four-digit year)", at: at)
            }
            return y
        }
        if let r = v.range(of: "..") {
            let lo = v[..<r.lowerBound], hi = v[r.upperBound...]
            let a = lo.isEmpty ? 1900 : try year(lo)
            let b = hi.isEmpty ? 2999 : try year(hi)
            guard a <= b else { throw error("bad year range '\(v)' (start after end)", at: at) }
            return a...b
        }
        for (op, make) in [(">=", { (y: Int) in y...2999 }), ("<=", { (y: Int) in 1900...y }),
                           (">", { (y: Int) in (y + 1)...2999 }), ("<", { (y: Int) in 1900...(y - 1) })] {
            if v.hasPrefix(op) { return make(try year(v.dropFirst(op.count))) }
        }
        let y = try year(Substring(v))
        return y...y
    }
}
