import Foundation

/// One row of the applications table: figures per applicant type; nil where the table is blank.
public struct ApplicantRow: Equatable, Sendable {
    var natural_person: Int?
    var commercial_enterprise: Int?
    var research_institution: Int?
    var public_interest_org: Int?
    var legal_service_org: Int?
    var other_org: Int?
    public var total: Int?
    /// Sub-rows of a group row (withheld, unable_to_provide, not_processed, other_handling).
    public var items: [String: ApplicantRow]?

    public static let columns = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org", "legal_service_org", "other_org", "total"]

    public init(_ v: [Int?]) {
        natural_person = v.count > 0 ? v[0] : nil
        commercial_enterprise = v.count > 1 ? v[1] : nil
        research_institution = v.count > 2 ? v[2] : nil
        public_interest_org = v.count > 3 ? v[3] : nil
        legal_service_org = v.count > 4 ? v[4] : nil
        other_org = v.count > 5 ? v[5] : nil
        total = v.count > 6 ? v[6] : nil
    }
    public var values: [Int?] { [natural_person, commercial_enterprise, research_institution, public_interest_org, legal_service_org, other_org, total] }

}

public struct RequestStatistics: Equatable, Sendable {
    public var new_applications: ApplicantRow?
    public var carried_over: ApplicantRow?
    public var granted: ApplicantRow?
    var partially_granted: ApplicantRow?
    public var withheld: ApplicantRow?
    var unable_to_provide: ApplicantRow?
    var not_processed: ApplicantRow?
    public var other_handling: ApplicantRow?
    var handled_total: ApplicantRow?
    var carried_forward: ApplicantRow?
    public init() {}

    public static let rowNames = ["new_applications", "carried_over", "granted", "partially_granted", "withheld", "unable_to_provide", "not_processed", "other_handling", "handled_total", "carried_forward"]
    public subscript(name: String) -> ApplicantRow? {
        get {
            switch name {
            case "new_applications": return new_applications
            case "carried_over": return carried_over
            case "granted": return granted
            case "partially_granted": return partially_granted
            case "withheld": return withheld
            case "unable_to_provide": return unable_to_provide
            case "not_processed": return not_processed
            case "other_handling": return other_handling
            case "handled_total": return handled_total
            case "carried_forward": return carried_forward
            default: return nil
            }
        }
        set {
            switch name {
            case "new_applications": new_applications = newValue
            case "carried_over": carried_over = newValue
            case "granted": granted = newValue
            case "partially_granted": partially_granted = newValue
            case "withheld": withheld = newValue
            case "unable_to_provide": unable_to_provide = newValue
            case "not_processed": not_processed = newValue
            case "other_handling": other_handling = newValue
            case "handled_total": handled_total = newValue
            case "carried_forward": carried_forward = newValue
            default: break
            }
        }
    }
    public var isEmpty: Bool { RequestStatistics.rowNames.allSatisfy { self[$0] == nil } }
}

public struct AppealRow: Equatable, Sendable {
    public var upheld: Int?
    public var corrected: Int?
    public var other: Int?
    public var pending: Int?
    public var total: Int?
    public init(_ v: [Int?]) {
        upheld = v.count > 0 ? v[0] : nil; corrected = v.count > 1 ? v[1] : nil; other = v.count > 2 ? v[2] : nil
        pending = v.count > 3 ? v[3] : nil; total = v.count > 4 ? v[4] : nil
    }
    public var values: [Int?] { [upheld, corrected, other, pending, total] }
}

public struct AppealStatistics: Equatable, Sendable {
    public var reconsideration: AppealRow?
    public var litigation_direct: AppealRow?
    public var litigation_after_reconsideration: AppealRow?
    public init() {}
}

/// Where a table figure was read: its 1-based line and how (`cell`, `split by rule`, `split by prose`,
/// `sum of items`).
public struct FigureSource: Equatable, Sendable {
    public var line: Int
    public var how: String
    public init(line: Int, how: String) { self.line = line; self.how = how }
}

/// Statistics read from the standard (2019 and 2021 revision) tables.
public struct Statistics: Equatable, Sendable {
    /// Item (regulations, normative_documents, licensing, …) → column (made, published, total, …) → value.
    public var proactive: [String: [String: Double]]
    public var requests: RequestStatistics?
    public var appeals: AppealStatistics?
    /// Figure path (`requests.granted.total`, `appeals.reconsideration.upheld`, `proactive.licensing.decisions`)
    /// → where it was read. Not stored in the index: `inspect` re-reads the text.
    public var sources: [String: FigureSource] = [:]
    /// Figure path → why it is null although the table prints something there (an unsettled split, …).
    public var nulls: [String: String] = [:]
    /// The request figures and 行政复议数 were read from the one pre-2019 table (OldPlanTable),
    /// so a break of its totals is a break of both.
    public var requestsAndAppealsInOneTable = false
    /// The request figures come from the prose, the report printing no requests table
    /// (`ProseFigures.readRequests`): only the figures the prose states are given.
    public var requestsFromProse = false

    public init(proactive: [String: [String: Double]] = [:], requests: RequestStatistics? = nil, appeals: AppealStatistics? = nil) {
        self.proactive = proactive; self.requests = requests; self.appeals = appeals
    }

    /// Flat figure names understood by `figure(_:)`.
    public static let figureNames: [String] = RequestStatistics.rowNames + [
        "reconsideration", "litigation", "litigation_direct", "litigation_after_reconsideration",
        "regulations", "normative_documents", "licensing", "punishment", "enforcement", "fees_amount",
        "procurement_items", "procurement_amount",
    ]

    /// A flat figure as a number: request rows give their `total` column, appeals their `total`
    /// (`litigation` sums both litigation rows), proactive items their first figure.
    public func value(_ name: String) -> Double? {
        if RequestStatistics.rowNames.contains(name) {
            return requests?[name]?.total.map(Double.init)
        }
        switch name {
        case "reconsideration": return appeals?.reconsideration?.total.map(Double.init)
        case "litigation_direct": return appeals?.litigation_direct?.total.map(Double.init)
        case "litigation_after_reconsideration": return appeals?.litigation_after_reconsideration?.total.map(Double.init)
        case "litigation":
            let a = appeals?.litigation_direct?.total, b = appeals?.litigation_after_reconsideration?.total
            if a == nil && b == nil { return nil }
            return Double((a ?? 0) + (b ?? 0))
        case "regulations", "normative_documents":
            guard let item = proactive[name] else { return nil }
            return item["made"] ?? item["published"] ?? item["in_force"] ?? item["total"]
        case "licensing", "punishment", "enforcement":
            return proactive[name]?["decisions"]
        case "fees_amount": return proactive["fees"]?["amount"]
        case "procurement_items": return proactive["procurement"]?["count"]
        case "procurement_amount": return proactive["procurement"]?["amount"]
        default: return nil
        }
    }

    /// Integer form of `value(_:)` (nil for fractional amounts such as procurement_amount).
    public func figure(_ name: String) -> Int? {
        guard let d = value(name), d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }
}

/// A failed consistency check of the statistics tables.
public struct CheckFailure: Equatable, Sendable {
    public var rule: String
    public var expected: Int
    public var found: Int
    public var message: String
    /// The row the rule is about (`granted`, `withheld.state_secret`, `reconsideration`); nil for whole-table rules.
    public var row: String?
    public init(rule: String, expected: Int, found: Int, message: String, row: String? = nil) {
        self.rule = rule; self.expected = expected; self.found = found; self.message = message; self.row = row
    }
}
