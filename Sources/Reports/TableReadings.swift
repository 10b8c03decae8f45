// The possible readings of table cells whose separators were lost (`170000017` for seven cells),
// and the choice among them by the table's own rules. A figure is settled only where every
// reading the rules leave agrees on it; elsewhere it stays null with a reason.

/// The readings of one row: each reading has a figure (or nil for a blank cell) per column.
struct RowReadings {
    var readings: [[Int?]]
    /// Columns no reading can place (a short run in one-line text: blank cells leave no trace).
    var unknown: Set<Int> = []
    /// True when every reading breaks the row's own total (the digits allow no consistent split).
    var breaksRowRule = false
    var how: String
    /// Line of each column's figure.
    var lines: [Int]
    /// Why the row, or its unknown columns, are null.
    var reason: String?

    static func none(_ reason: String, line: Int, columns: Int) -> RowReadings {
        RowReadings(readings: [], how: "cell", lines: Array(repeating: line, count: columns), reason: reason)
    }
}

enum TableReadings {
    /// Longest figure a run is split into; longer cells do not occur in these tables.
    static let maxDigits = 6

    /// Every split of `d` into `n` figures without leading zeros; with `per` > 0, only those whose
    /// groups of `per` end in the sum of the group. nil when there are more than `cap`.
    static func splits(_ d: [Int], into n: Int, per: Int, cap: Int = 64) -> [[Int]]? {
        if d.count < n || d.count > n * maxDigits { return [] }
        var out: [[Int]] = []
        var parts: [Int] = []
        var over = false
        func rec(_ pos: Int) {
            if over { return }
            let idx = parts.count
            if idx == n {
                if pos == d.count { out.append(parts); if out.count > cap { over = true } }
                return
            }
            let remainingParts = n - idx, remainingDigits = d.count - pos
            if remainingDigits < remainingParts || remainingDigits > remainingParts * maxDigits { return }
            for len in 1...min(maxDigits, remainingDigits - (remainingParts - 1)) {
                if len > 1 && d[pos] == 0 { break }
                var v = 0
                for k in pos..<(pos + len) { v = v * 10 + d[k] }
                if per > 0 && (idx + 1) % per == 0 {
                    let g = idx / per
                    if parts[(g * per)..<idx].reduce(0, +) != v { continue }
                }
                parts.append(v)
                rec(pos + len)
                parts.removeLast()
            }
        }
        rec(0)
        return over ? nil : out
    }

    /// The figure every reading agrees on in each column (nil where they differ).
    static func agreed(_ readings: [[Int?]]) -> (values: [Int?], settled: [Bool]) {
        guard let first = readings.first else { return ([], []) }
        var values = first
        var settled = Array(repeating: true, count: first.count)
        for r in readings.dropFirst() {
            for k in r.indices where r[k] != values[k] { settled[k] = false; values[k] = nil }
        }
        return (values, settled)
    }

    /// Readings of a row printed as one run of digits, `columns` cells whose last is the sum of the
    /// others. A run shorter than the row (blank cells left no trace) can still settle the total.
    static func run(_ d: [Int], columns: Int, line: Int) -> RowReadings {
        let text = d.map(String.init).joined()
        let lines = Array(repeating: line, count: columns)
        if d.count >= columns {
            if let ok = splits(d, into: columns, per: columns), !ok.isEmpty {
                return RowReadings(readings: ok.map { $0.map(Optional.some) }, how: "split by rule", lines: lines,
                                   reason: "run-together digits \(text) split \(ok.count) ways by the row total")
            }
            if let raw = splits(d, into: columns, per: 0), !raw.isEmpty {
                return RowReadings(readings: raw.map { $0.map(Optional.some) }, breaksRowRule: true, how: "split by rule", lines: lines,
                                   reason: "run-together digits \(text): no split satisfies the row total")
            }
            return .none("run-together digits \(text) cannot be split into \(columns) cells", line: line, columns: columns)
        }
        // Fewer digits than cells: some cells are blank; only the total can be placed.
        var totals = Set<Int>()
        if d.count >= 2 {
            for k in 2...min(d.count, columns - 1) {
                for p in splits(d, into: k, per: k) ?? [] { totals.insert(p[k - 1]) }
            }
        }
        guard totals.count == 1, let t = totals.first else {
            return .none("run-together digits \(text) for \(columns) cells (some blank): no single reading", line: line, columns: columns)
        }
        var r: [Int?] = Array(repeating: nil, count: columns)
        r[columns - 1] = t
        return RowReadings(readings: [r], unknown: Set(0..<(columns - 1)), how: "split by rule", lines: lines,
                           reason: "run-together digits \(text) for \(columns) cells: blank cells leave no trace, so which column holds each figure is not settled")
    }

    /// Picks, among the combinations of the ambiguous rows' readings, those breaking the fewest of
    /// `broken`'s rules, and returns per row the columns all of them agree on.
    static func choose(_ rows: [String: RowReadings], cap: Int = 4096,
                       broken: ([String: [Int?]]) -> Int) -> [String: (values: [Int?], settled: [Bool])] {
        let names = rows.keys.sorted()
        let ambiguous = names.filter { rows[$0]!.readings.count > 1 || rows[$0]!.breaksRowRule }
        var fixed: [String: [Int?]] = [:]
        for n in names where !ambiguous.contains(n) { if let r = rows[n]!.readings.first { fixed[n] = r } }
        var combos = 1
        for n in ambiguous { combos *= max(1, rows[n]!.readings.count); if combos > cap { break } }
        var out: [String: (values: [Int?], settled: [Bool])] = [:]
        for n in names where !ambiguous.contains(n) {
            if let r = rows[n]!.readings.first { out[n] = (r, r.indices.map { !rows[n]!.unknown.contains($0) }) }
        }
        if ambiguous.isEmpty { return out }
        if combos > cap {
            for n in ambiguous { let a = agreed(rows[n]!.readings); out[n] = a }
            return out
        }
        var best = Int.max
        var winners: [[String: [Int?]]] = []
        func rec(_ k: Int, _ cur: inout [String: [Int?]]) {
            if k == ambiguous.count {
                let b = broken(cur) + ambiguous.filter { rows[$0]!.breaksRowRule }.count
                if b < best { best = b; winners = [cur] } else if b == best { winners.append(cur) }
                return
            }
            for r in rows[ambiguous[k]]!.readings { cur[ambiguous[k]] = r; rec(k + 1, &cur) }
        }
        var cur = fixed
        rec(0, &cur)
        for n in ambiguous { out[n] = agreed(winners.compactMap { $0[n] }) }
        return out
    }
}
