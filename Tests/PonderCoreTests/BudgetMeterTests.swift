import Synchronization
import Testing

@testable import PonderCore

/// A clock the test moves by hand.
private final class ManualClock: Sendable {
    private let now = Mutex<UInt64>(0)
    func advance(seconds: Double) { now.withLock { $0 += UInt64(seconds * 1e9) } }
    var read: @Sendable () -> UInt64 { { self.now.withLock { $0 } } }
}

@Suite struct BudgetMeterTests {
    @Test func grantsFewerSamplesAsTheTokenBudgetRunsLow() throws {
        let meter = BudgetMeter(budget: Budget(maxCompletionTokens: 1000))
        let first = try meter.admit(samples: 8, maxTokens: 300)
        #expect(first.samples == 3, "three worst-case samples fit in 1000")
        meter.settle(first, usage: Usage(completionTokens: 450, calls: 1))
        let second = try meter.admit(samples: 8, maxTokens: 300)
        #expect(second.samples == 1, "550 left: one sample, even though it may overshoot")
        meter.settle(second, usage: Usage(completionTokens: 300, calls: 1))
        let third = try meter.admit(samples: 8, maxTokens: 300)
        #expect(third.samples == 1)
        meter.settle(third, usage: Usage(completionTokens: 280, calls: 1))
        #expect(throws: StopReason.tokens) { _ = try meter.admit(samples: 1, maxTokens: 300) }
        #expect(meter.stopReason == .tokens)
        #expect(!meter.canContinue)
        #expect(meter.usage.completionTokens == 1030)
    }

    @Test func inFlightCallsAreReservedAtTheirWorstCase() throws {
        let meter = BudgetMeter(budget: Budget(maxCompletionTokens: 500))
        let a = try meter.admit(samples: 1, maxTokens: 300)
        let b = try meter.admit(samples: 1, maxTokens: 300)
        #expect(throws: StopReason.tokens) { _ = try meter.admit(samples: 1, maxTokens: 300) }
        meter.settle(a, usage: Usage(completionTokens: 10, calls: 1))
        meter.settle(b, usage: Usage(completionTokens: 10, calls: 1))
        #expect(meter.usage.completionTokens == 20)
    }

    @Test(arguments: 0..<20)
    func neverOvershootsByMoreThanOneCallsMaxTokens(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let limit = 2000
        let maxTokens = 256
        let meter = BudgetMeter(budget: Budget(maxCompletionTokens: limit))
        var open: [BudgetMeter.Admission] = []
        while true {
            if !open.isEmpty && random.next() % 2 == 0 {
                let admission = open.removeFirst()
                let used = (0..<admission.samples).map { _ in Int(random.next() % UInt64(maxTokens + 1)) }.reduce(0, +)
                meter.settle(admission, usage: Usage(completionTokens: used, calls: 1))
                continue
            }
            do {
                open.append(try meter.admit(samples: Int(random.next() % 6) + 1, maxTokens: maxTokens))
            } catch {
                break
            }
        }
        for admission in open {
            meter.settle(admission, usage: Usage(completionTokens: admission.samples * maxTokens, calls: 1))
        }
        #expect(meter.usage.completionTokens <= limit + maxTokens)
    }

    @Test func callsCostAndDeadline() throws {
        let clock = ManualClock()
        let meter = BudgetMeter(budget: Budget(maxCalls: 2, maxCost: 1.0, deadlineSeconds: 5), clock: clock.read)
        let a = try meter.admit(samples: 1, maxTokens: 10)
        meter.settle(a, usage: Usage(calls: 1), cost: 0.4)
        let b = try meter.admit(samples: 1, maxTokens: 10)
        meter.settle(b, usage: Usage(calls: 1), cost: 0.4)
        #expect(throws: StopReason.calls) { _ = try meter.admit(samples: 1, maxTokens: 10) }

        let costly = BudgetMeter(budget: Budget(maxCost: 1.0))
        costly.record(Usage(calls: 1), cost: 1.5)
        #expect(throws: StopReason.cost) { _ = try costly.admit(samples: 1, maxTokens: 10) }

        let timed = BudgetMeter(budget: Budget(deadlineSeconds: 5), clock: clock.read)
        _ = try timed.admit(samples: 1, maxTokens: 10)
        clock.advance(seconds: 5.1)
        #expect(throws: StopReason.deadline) { _ = try timed.admit(samples: 1, maxTokens: 10) }
    }

    @Test func scoringIsNotRefusedForTokens() throws {
        let meter = BudgetMeter(budget: Budget(maxCompletionTokens: 10))
        let a = try meter.admit(samples: 1, maxTokens: 100)
        meter.settle(a, usage: Usage(completionTokens: 100, calls: 1))
        #expect(throws: StopReason.tokens) { _ = try meter.admit(samples: 1, maxTokens: 100) }
        let scoring = try meter.admitScoring()
        meter.settle(scoring, usage: Usage(calls: 1))
        #expect(meter.usage.calls == 2)
    }

    @Test func totalTokenBudgetCountsThePromptEstimate() throws {
        let meter = BudgetMeter(budget: Budget(maxTotalTokens: 1000))
        let admission = try meter.admit(samples: 10, maxTokens: 100, promptTokens: 500)
        #expect(admission.samples == 5)
    }
}

/// A tiny seeded generator (SplitMix64) for property and fuzz tests, so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
