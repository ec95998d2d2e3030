import PonderCore

/// The `ponder` object a client may add to a request (`extra_body={"ponder": {...}}` from the OpenAI
/// Python client), plus optillm's `optillm_approach`, read from the same body.
struct RequestExtras: Decodable, Sendable {
    var ponder: PonderOptions?
    var optillmApproach: String?

    enum CodingKeys: String, CodingKey {
        case ponder
        case optillmApproach = "optillm_approach"
    }
}

/// Ponder's own objects refuse keys they do not have: a misspelt `strategy` or budget field would
/// otherwise be dropped without a word, and the request run as if it had not been given.
struct PonderOptions: Decodable, Sendable {
    var strategy: String?
    var seed: UInt64?
    var budget: BudgetOptions?

    enum CodingKeys: String, CodingKey, CaseIterable { case strategy, seed, budget }

    init(from decoder: any Decoder) throws {
        try KnownKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        budget = try c.decodeIfPresent(BudgetOptions.self, forKey: .budget)
    }

    struct BudgetOptions: Decodable, Sendable {
        var maxTokensTotal: Int?
        var maxCompletionTokens: Int?
        var maxCalls: Int?
        var maxCost: Double?
        var deadlineMs: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxTokensTotal = "max_tokens_total"
            case maxCompletionTokens = "max_completion_tokens"
            case maxCalls = "max_calls"
            case maxCost = "max_cost"
            case deadlineMs = "deadline_ms"
        }

        init(from decoder: any Decoder) throws {
            try KnownKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxTokensTotal = try c.decodeIfPresent(Int.self, forKey: .maxTokensTotal)
            maxCompletionTokens = try c.decodeIfPresent(Int.self, forKey: .maxCompletionTokens)
            maxCalls = try c.decodeIfPresent(Int.self, forKey: .maxCalls)
            maxCost = try c.decodeIfPresent(Double.self, forKey: .maxCost)
            deadlineMs = try c.decodeIfPresent(Int.self, forKey: .deadlineMs)
        }

        /// The search's budget; `RequestLimits.check(_:)` has checked every value first.
        var budget: Budget {
            Budget(
                maxTotalTokens: maxTokensTotal, maxCompletionTokens: maxCompletionTokens, maxCalls: maxCalls,
                maxCost: maxCost, deadlineSeconds: deadlineMs.map { Double($0) / 1000 })
        }
    }
}

/// Refuses a key that a decoded object does not have, naming the keys it takes. The unknown key is
/// not quoted: a client may have put anything there.
enum KnownKeys {
    static func check<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, _ keys: Keys.Type) throws {
        let container = try decoder.container(keyedBy: DecodingDiagnosis.AnyKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        guard container.allKeys.contains(where: { !known.contains($0.stringValue) }) else { return }
        throw DecodingError.dataCorrupted(.init(
            codingPath: container.codingPath,
            debugDescription: "has a field it does not take; it takes \(known.sorted().joined(separator: ", "))"))
    }
}
