import PonderEngine
import Synchronization

import struct FoundationEssentials.Date

/// One API key's client: its name (what logs and metrics show instead of the key) and its limits —
/// requests per minute as a token bucket, completion-and-prompt tokens per UTC day as a counter.
///
/// Each account has its own lock, so clients never contend with one another.
final class ClientAccount: Sendable {
    let name: String
    let requestsPerMinute: Int?
    let tokensPerDay: Int?
    private let state: Mutex<State>

    private struct State {
        var bucket: Double
        var refilledAt: Double
        var day: Int
        var tokensToday: Int
    }

    /// Why a request was refused, and when it may be tried again.
    struct Refusal: Error {
        var message: String
        var retryAfterSeconds: Int
    }

    init(name: String, requestsPerMinute: Int?, tokensPerDay: Int?, now: Double = ClientAccount.now()) {
        self.name = name
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerDay = tokensPerDay
        self.state = Mutex(State(bucket: Double(requestsPerMinute ?? 0), refilledAt: now, day: Self.day(of: now), tokensToday: 0))
    }

    convenience init(_ key: ServerSection.ClientKey) {
        self.init(name: key.name, requestsPerMinute: key.requestsPerMinute, tokensPerDay: key.tokensPerDay)
    }

    /// Takes one request from the bucket, or refuses when the minute's or the day's allowance is spent.
    func admitRequest(now: Double = ClientAccount.now()) -> Refusal? {
        state.withLock { state in
            rollDay(&state, now: now)
            if let tokensPerDay, state.tokensToday >= tokensPerDay {
                return Refusal(
                    message: "API key '\(name)' has used its \(tokensPerDay) tokens for today (UTC).",
                    retryAfterSeconds: Self.secondsUntilMidnight(now: now))
            }
            guard let rpm = requestsPerMinute else { return nil }
            let rate = Double(rpm) / 60
            state.bucket = min(Double(rpm), state.bucket + (now - state.refilledAt) * rate)
            state.refilledAt = now
            guard state.bucket >= 1 else {
                return Refusal(
                    message: "API key '\(name)' is over its limit of \(rpm) requests per minute.",
                    retryAfterSeconds: max(1, Int(((1 - state.bucket) / rate).rounded(.up))))
            }
            state.bucket -= 1
            return nil
        }
    }

    /// Counts the tokens a finished request used against today's allowance.
    func charge(tokens: Int, now: Double = ClientAccount.now()) {
        guard tokensPerDay != nil, tokens > 0 else { return }
        state.withLock { state in
            rollDay(&state, now: now)
            state.tokensToday += tokens
        }
    }

    var tokensToday: Int { state.withLock { $0.tokensToday } }

    /// What is left of today's token allowance (nil: no daily limit). A search is given no more than
    /// this as its token budget, so one request cannot run far past the limit.
    func tokensLeftToday(now: Double = ClientAccount.now()) -> Int? {
        guard let tokensPerDay else { return nil }
        return state.withLock { state in
            rollDay(&state, now: now)
            return max(0, tokensPerDay - state.tokensToday)
        }
    }

    private func rollDay(_ state: inout State, now: Double) {
        let today = Self.day(of: now)
        if today != state.day {
            state.day = today
            state.tokensToday = 0
        }
    }

    static func day(of seconds: Double) -> Int { Int((seconds / 86_400).rounded(.down)) }

    /// Whole seconds until the next UTC day, when daily allowances start again (at least 1).
    static func secondsUntilMidnight(now: Double = ClientAccount.now()) -> Int {
        max(1, Int((Double(day(of: now) + 1) * 86_400 - now).rounded(.up)))
    }

    /// Wall-clock seconds since 1970 (days roll over at UTC midnight).
    static func now() -> Double { Date().timeIntervalSince1970 }
}
