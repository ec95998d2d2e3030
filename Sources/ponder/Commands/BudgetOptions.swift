import ArgumentParser
import PonderCore

/// Budget flags shared by commands that run strategies.
struct BudgetOptions: ParsableArguments {
    @Option(help: "Budget: prompt + completion tokens over every call of the search.")
    var maxTokensTotal: Int?

    @Option(help: "Budget: completion tokens over every call of the search.")
    var maxCompletionTokens: Int?

    @Option(help: "Budget: backend calls (policy and scorers).")
    var maxCalls: Int?

    @Option(help: "Budget: cost, in the currency of the endpoints' cost_per_1k.")
    var maxCost: Double?

    @Option(help: "Budget: wall-clock seconds; the best answer so far is returned when it passes.")
    var deadline: Double?

    @Flag(help: "Never exceed a token budget, not even by the last call: its max_tokens is cut to what is left.")
    var hardTokenLimit = false

    func budget() throws -> Budget {
        for (name, value) in [("--max-tokens-total", maxTokensTotal), ("--max-completion-tokens", maxCompletionTokens), ("--max-calls", maxCalls)] {
            if let value, value <= 0 { throw ValidationError("\(name) must be positive") }
        }
        if let maxCost, maxCost <= 0 { throw ValidationError("--max-cost must be positive") }
        if let deadline, deadline <= 0 { throw ValidationError("--deadline must be positive") }
        return Budget(
            maxTotalTokens: maxTokensTotal, maxCompletionTokens: maxCompletionTokens, maxCalls: maxCalls,
            maxCost: maxCost, deadlineSeconds: deadline, hardTokenLimit: hardTokenLimit)
    }
}
