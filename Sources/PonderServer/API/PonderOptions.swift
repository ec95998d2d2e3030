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

struct PonderOptions: Decodable, Sendable {
    var strategy: String?
    var seed: UInt64?
    var budget: BudgetOptions?

    struct BudgetOptions: Decodable, Sendable {
        var maxTokensTotal: Int?
        var maxCompletionTokens: Int?
        var maxCalls: Int?
        var maxCost: Double?
        var deadlineMs: Int?

        enum CodingKeys: String, CodingKey {
            case maxTokensTotal = "max_tokens_total"
            case maxCompletionTokens = "max_completion_tokens"
            case maxCalls = "max_calls"
            case maxCost = "max_cost"
            case deadlineMs = "deadline_ms"
        }

        /// The search's budget; `RequestLimits.check(_:)` has checked every value first.
        var budget: Budget {
            Budget(
                maxTotalTokens: maxTokensTotal, maxCompletionTokens: maxCompletionTokens, maxCalls: maxCalls,
                maxCost: maxCost, deadlineSeconds: deadlineMs.map { Double($0) / 1000 })
        }
    }
}
