import Synchronization

/// Counts every backend call of one search in one place and says whether another may start.
///
/// Before a call, a strategy (through `MeteredPolicy` and the metered scorers) asks `admit`, naming how
/// many samples it wants and the `max_tokens` of each; the meter grants as many as fit in what is left
/// after the calls already in flight have been reserved at their worst case. A call is admitted while
/// any room is left, so the budget can be overshot only by the one call admitted last, and by at most
/// its `max_tokens`; when nothing is left, or the deadline has passed, `admit` throws a `StopReason`
/// and the strategy returns its best so far.
public final class BudgetMeter: Sendable {
    public let budget: Budget
    private let startNanos: UInt64
    private let clock: @Sendable () -> UInt64

    private struct State {
        var usage = Usage()
        var cost = 0.0
        var reservedCompletion = 0
        var reservedTotal = 0
        var reservedCalls = 0
        var generatedBytes = 0
        var stop: StopReason?
    }

    private let state = Mutex(State())

    /// A grant to make one call: how many samples, and what was reserved for them.
    public struct Admission: Sendable {
        public let samples: Int
        /// The `max_tokens` each sample may use: what was asked, or less under a hard token limit.
        public let maxTokens: Int
        fileprivate let completionReservation: Int
        fileprivate let totalReservation: Int
    }

    /// Told the running total after every call settles, for progress reports (a streaming response).
    private let onProgress: (@Sendable (Usage) -> Void)?

    /// - Parameters:
    ///   - clock: monotonic nanoseconds; injectable for tests.
    ///   - onProgress: called with the usage so far after each call.
    public init(
        budget: Budget, clock: @escaping @Sendable () -> UInt64 = MonotonicClock.nanoseconds,
        onProgress: (@Sendable (Usage) -> Void)? = nil
    ) {
        self.budget = budget
        self.clock = clock
        self.startNanos = clock()
        self.onProgress = onProgress
    }

    /// Asks to make one call for up to `samples` samples of at most `maxTokens` completion tokens each,
    /// with a prompt of about `promptTokens` tokens. Grants between 1 and `samples`, or throws.
    public func admit(samples: Int, maxTokens: Int, promptTokens: Int = 0) throws -> Admission {
        let now = clock()
        return try state.withLock { (state) throws -> Admission in
            if let stop = state.stop { throw stop }
            if let deadline = budget.deadlineSeconds, Double(now &- startNanos) / 1e9 >= deadline {
                state.stop = .deadline
                throw StopReason.deadline
            }
            if let maxCalls = budget.maxCalls, state.usage.calls + state.reservedCalls >= maxCalls {
                state.stop = .calls
                throw StopReason.calls
            }
            if let maxCost = budget.maxCost, state.cost >= maxCost {
                state.stop = .cost
                throw StopReason.cost
            }
            var granted = max(1, samples)
            var perSample = max(1, maxTokens)
            if let limit = budget.maxCompletionTokens {
                let committed = state.usage.completionTokens + state.reservedCompletion
                guard committed < limit else {
                    state.stop = .tokens
                    throw StopReason.tokens
                }
                granted = min(granted, max(1, (limit - committed) / perSample))
                if budget.hardTokenLimit { perSample = min(perSample, limit - committed) }
            }
            if let limit = budget.maxTotalTokens {
                let committed = state.usage.totalTokens + state.reservedTotal
                guard committed + promptTokens < limit else {
                    state.stop = .tokens
                    throw StopReason.tokens
                }
                granted = min(granted, max(1, (limit - committed - promptTokens) / perSample))
                if budget.hardTokenLimit { perSample = min(perSample, limit - committed - promptTokens) }
            }
            let admission = Admission(
                samples: granted, maxTokens: perSample, completionReservation: granted * perSample,
                totalReservation: granted * perSample + promptTokens)
            state.reservedCompletion += admission.completionReservation
            state.reservedTotal += admission.totalReservation
            state.reservedCalls += 1
            return admission
        }
    }

    /// Asks to make one scoring call. Scoring is refused only for the deadline, calls or cost, not for
    /// tokens: the samples a token budget paid for should still be judged.
    public func admitScoring() throws -> Admission {
        let now = clock()
        return try state.withLock { (state) throws -> Admission in
            if let deadline = budget.deadlineSeconds, Double(now &- startNanos) / 1e9 >= deadline {
                state.stop = state.stop ?? .deadline
                throw StopReason.deadline
            }
            if let maxCalls = budget.maxCalls, state.usage.calls + state.reservedCalls >= maxCalls {
                state.stop = state.stop ?? .calls
                throw StopReason.calls
            }
            if let maxCost = budget.maxCost, state.cost >= maxCost {
                state.stop = state.stop ?? .cost
                throw StopReason.cost
            }
            state.reservedCalls += 1
            return Admission(samples: 1, maxTokens: 0, completionReservation: 0, totalReservation: 0)
        }
    }

    /// Records what an admitted call cost (also when it failed: pass `.zero` usage then).
    public func settle(_ admission: Admission, usage: Usage, cost: Double = 0, generatedBytes: Int = 0) {
        let total = state.withLock { state in
            state.reservedCompletion -= admission.completionReservation
            state.reservedTotal -= admission.totalReservation
            state.reservedCalls -= 1
            state.usage += usage
            state.cost += cost
            state.generatedBytes += generatedBytes
            return state.usage
        }
        onProgress?(total)
    }

    /// Records a call that needed no admission (scorers that return no token usage still count as calls).
    public func record(_ usage: Usage, cost: Double = 0) {
        state.withLock { state in
            state.usage += usage
            state.cost += cost
        }
    }

    /// Whether another call could be admitted now (without reserving anything).
    public var canContinue: Bool {
        let now = clock()
        return state.withLock { state in
            if state.stop != nil { return false }
            if let deadline = budget.deadlineSeconds, Double(now &- startNanos) / 1e9 >= deadline { return false }
            if let maxCalls = budget.maxCalls, state.usage.calls + state.reservedCalls >= maxCalls { return false }
            if let maxCost = budget.maxCost, state.cost >= maxCost { return false }
            if let limit = budget.maxCompletionTokens, state.usage.completionTokens + state.reservedCompletion >= limit {
                return false
            }
            if let limit = budget.maxTotalTokens, state.usage.totalTokens + state.reservedTotal >= limit { return false }
            return true
        }
    }

    public var usage: Usage { state.withLock { $0.usage } }
    public var cost: Double { state.withLock { $0.cost } }
    /// The first reason a call was refused, if any.
    public var stopReason: StopReason? { state.withLock { $0.stop } }
    public var elapsedSeconds: Double { Double(clock() &- startNanos) / 1e9 }

    /// Completion tokens per generated byte so far, to estimate a text's length in tokens.
    public var tokensPerByte: Double? {
        state.withLock { state in
            state.generatedBytes > 0 ? Double(state.usage.completionTokens) / Double(state.generatedBytes) : nil
        }
    }
}

/// Monotonic time in nanoseconds since the first use.
public enum MonotonicClock {
    private static let origin = ContinuousClock.now

    @Sendable public static func nanoseconds() -> UInt64 {
        let elapsed = origin.duration(to: .now).components
        return UInt64(max(0, elapsed.seconds)) * 1_000_000_000 + UInt64(max(0, elapsed.attoseconds) / 1_000_000_000)
    }
}
