import PonderCore

/// Every check a decoded completion request passes before it may take a search slot, in one place
/// for both routes. Each failure is a 400 whose message names the field and the limit, and whose
/// `param` is the field.
extension RequestLimits {
    /// The roles OpenAI's chat API defines. Anything else would reach the model's chat template, where
    /// a real server rejects it, and come back as a 502 for what is the client's mistake.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    func check(_ request: ChatCompletionRequest) throws(APIError) {
        guard !request.messages.isEmpty else { throw APIError.invalid("'messages' must not be empty", param: "messages") }
        try Self.count(request.messages.count, of: "messages", atMost: maxMessages, "messages")
        for (index, message) in request.messages.enumerated() {
            guard Self.roles.contains(message.role) else {
                throw APIError.invalid(
                    "'messages[\(index)].role' must be one of \(Self.roles.sorted().joined(separator: ", "))",
                    param: "messages[\(index)].role")
            }
            try Self.length(of: message.content, atMost: maxContentBytes, "messages[\(index)].content")
        }
        try Self.range(request.maxTokens, 1...maxTokens, "max_tokens")
        try Self.range(request.maxCompletionTokens, 1...maxTokens, "max_completion_tokens")
        try checkShared(model: request.model, sampling: request.sampling)
    }

    func check(_ request: CompletionRequest) throws(APIError) {
        guard !request.prompt.isEmpty else { throw APIError.invalid("'prompt' must not be empty", param: "prompt") }
        try Self.length(of: request.prompt, atMost: maxContentBytes, "prompt")
        try checkShared(model: request.model, sampling: request.sampling)
    }

    /// The `ponder` object and `optillm_approach`; returns the budget the search runs under.
    func check(_ extras: RequestExtras) throws(APIError) -> Budget {
        if let strategy = extras.ponder?.strategy { try Self.length(of: strategy, atMost: maxModelIDBytes, "ponder.strategy") }
        if let approach = extras.optillmApproach { try Self.length(of: approach, atMost: maxModelIDBytes, "optillm_approach") }
        guard let budget = extras.ponder?.budget else { return .unlimited }
        try Self.range(budget.maxTokensTotal, Self.budgetTokens, "ponder.budget.max_tokens_total")
        try Self.range(budget.maxCompletionTokens, Self.budgetTokens, "ponder.budget.max_completion_tokens")
        try Self.range(budget.maxCalls, Self.budgetCalls, "ponder.budget.max_calls")
        try Self.range(budget.deadlineMs, Self.budgetDeadlineMilliseconds, "ponder.budget.deadline_ms")
        if let cost = budget.maxCost, !(cost > 0 && cost <= Self.budgetMaxCost) {
            throw APIError.invalid(
                "'ponder.budget.max_cost' must be positive and at most \(Int(Self.budgetMaxCost))", param: "ponder.budget.max_cost")
        }
        return budget.budget
    }

    /// The fields both routes share: the model id and the sampling controls.
    private func checkShared(model: String, sampling: SamplingParameters) throws(APIError) {
        try Self.length(of: model, atMost: maxModelIDBytes, "model")
        try Self.range(sampling.n, 1...maxN, "n")
        if let t = sampling.temperature, !(0...2).contains(t) {
            throw APIError.invalid("'temperature' must be from 0 to 2", param: "temperature")
        }
        try Self.range(sampling.maxTokens, 1...maxTokens, "max_tokens")
        if let stop = sampling.stop {
            try Self.count(stop.count, of: "sequences", atMost: maxStopSequences, "stop")
            for (index, sequence) in stop.enumerated() {
                try Self.length(of: sequence, atMost: maxStopSequenceBytes, stop.count == 1 ? "stop" : "stop[\(index)]")
            }
        }
    }

    private static func range(_ value: Int?, _ allowed: ClosedRange<Int>, _ param: String) throws(APIError) {
        guard let value, !allowed.contains(value) else { return }
        throw APIError.invalid("'\(param)' must be from \(allowed.lowerBound) to \(allowed.upperBound)", param: param)
    }

    private static func count(_ count: Int, of things: String, atMost limit: Int, _ param: String) throws(APIError) {
        guard count > limit else { return }
        throw APIError.invalid("'\(param)' has \(count) \(things); at most \(limit) are allowed", param: param)
    }

    /// `param` is built only for the error: most requests pass, and an indexed name costs a string.
    private static func length(of text: String, atMost limit: Int, _ param: @autoclosure () -> String) throws(APIError) {
        let bytes = text.utf8.count
        guard bytes > limit else { return }
        let param = param()
        throw APIError.invalid("'\(param)' is \(bytes) bytes long; at most \(limit) bytes are allowed", param: param)
    }
}
