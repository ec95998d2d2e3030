/// When and how the simulated model gets a step wrong.
///
/// Each step is wrong with a probability that rises with the problem's level and the sampling
/// temperature: `baseErrorRates[level]` at T = 0.8, scaled by `temperatureFactor(T)` (0.4 at T = 0,
/// 1.0 at T = 0.8, growing beyond). Part of the error is SYSTEMATIC: a state (problem, step, incoming
/// value) is a trap with a small hash-determined probability, and at a trap a sample takes the trap's one
/// wrong value with probability `trapFollowProbability` (always at T = 0, where decoding is greedy and
/// the trap value is the mode). Traps make majority voting converge on a wrong answer now and then; the
/// rest of the errors are random slips (off by a little, a digit changed, a wrong times-table entry), so
/// independent samples rarely agree on them.
public struct StepErrorModel: Sendable, Hashable {
    /// Per-step error probability at T = 0.8 for levels 1–5.
    public var baseErrorRates: [Double] = [0.03, 0.06, 0.08, 0.10, 0.12]
    /// The share of the per-step error at T = 0.8 that comes from traps.
    public var trapShare: Double = 0.25
    /// The probability that a sample at a trap takes the trap value (T > 0).
    public var trapFollowProbability: Double = 0.6

    public init() {}

    /// The reference temperature at which `baseErrorRates` hold.
    public static let referenceTemperature = 0.8

    /// Scales the random-slip rate: 0.4 at T = 0, 1.0 at T = 0.8, 1 + (T − 0.8) above.
    public func temperatureFactor(_ temperature: Double) -> Double {
        let t = max(0, temperature)
        if t <= Self.referenceTemperature { return 0.4 + 0.6 * t / Self.referenceTemperature }
        return 1 + (t - Self.referenceTemperature)
    }

    func base(_ level: Int) -> Double { baseErrorRates[min(max(level, 1), baseErrorRates.count) - 1] }

    /// The probability that a state of a problem of this level is a trap.
    public func trapProbability(level: Int) -> Double {
        base(level) * trapShare / trapFollowProbability
    }

    /// The probability of a random slip at a state that is not a trap.
    public func slipProbability(level: Int, temperature: Double) -> Double {
        let trap = trapProbability(level: level)
        let atReference = (base(level) - trap * trapFollowProbability) / (1 - trap)
        return min(0.9, atReference * temperatureFactor(temperature))
    }

    /// Whether (problem, step, incoming value) is a trap.
    public func isTrap(problem: UInt64, step: Int, value: Int, level: Int) -> Bool {
        StableHash.unit(StableHash.combine(problem, StableHash.word(step), StableHash.word(value), 0x7472_6170))
            < trapProbability(level: level)
    }

    /// The one wrong value samples fall into at a trap.
    func trapValue(problem: UInt64, step: Int, value: Int, operation: SimOperation) -> Int {
        var rng = SplitMix64(
            seed: StableHash.combine(problem, StableHash.word(step), StableHash.word(value), 0x7661_6c75_65))
        return Self.wrongValue(correct: operation.apply(to: value), incoming: value, operation: operation, rng: &rng)
    }

    /// The result a sample writes for `operation` applied to `value` at step `step` (0-based).
    ///
    /// `choiceSeed` identifies the sample; draws are a function of (choiceSeed, step, value), so the same
    /// sample continuing the same state always writes the same result.
    public func sample(
        problem: ArithmeticProblem, step: Int, value: Int, temperature: Double, choiceSeed: UInt64
    ) -> (value: Int, isWrong: Bool) {
        let operation = problem.operations[step]
        let correct = operation.apply(to: value)
        let level = problem.difficulty
        let draw = StableHash.unit(StableHash.combine(choiceSeed, StableHash.word(step), StableHash.word(value)))
        if isTrap(problem: problem.key, step: step, value: value, level: level) {
            if temperature <= 0 || draw < trapFollowProbability {
                return (trapValue(problem: problem.key, step: step, value: value, operation: operation), true)
            }
            return (correct, false)
        }
        if draw < slipProbability(level: level, temperature: temperature) {
            var rng = SplitMix64(
                seed: StableHash.combine(choiceSeed, StableHash.word(step), StableHash.word(value), 0x736c_6970))
            return (Self.wrongValue(correct: correct, incoming: value, operation: operation, rng: &rng), true)
        }
        return (correct, false)
    }

    /// The probability that a sample at `temperature` gets every step from `step` (0-based) on right,
    /// starting from the true value before it.
    public func successProbability(problem: ArithmeticProblem, from step: Int, temperature: Double) -> Double {
        var p = 1.0
        let level = problem.difficulty
        let slip = slipProbability(level: level, temperature: temperature)
        for index in max(0, step)..<problem.stepCount {
            if isTrap(problem: problem.key, step: index, value: problem.value(before: index), level: level) {
                p *= temperature <= 0 ? 0 : 1 - trapFollowProbability
            } else {
                p *= 1 - slip
            }
        }
        return p
    }

    static let bound = 10_000_000

    /// A plausible wrong result: off by a little, one digit changed, or a neighbouring times-table entry.
    static func wrongValue(correct: Int, incoming: Int, operation: SimOperation, rng: inout SplitMix64) -> Int {
        let roll = rng.nextUnit()
        var wrong: Int
        if roll < 0.4 {
            wrong = correct + rng.nextInt(in: 1...9) * (rng.chance(0.5) ? 1 : -1)
        } else if roll < 0.7 {
            wrong = digitSlip(correct, rng: &rng)
        } else {
            let sign = rng.chance(0.5) ? 1 : -1
            switch operation.kind {
            case .add, .subtract: wrong = correct + 10 * sign
            case .multiply: wrong = correct + sign * (incoming == 0 ? 1 : abs(incoming))
            case .divide: wrong = correct + sign
            }
        }
        if wrong == correct { wrong = correct + 1 }
        if abs(wrong) >= bound { wrong = correct > 0 ? correct - 1 : correct + 1 }
        return wrong
    }

    static func digitSlip(_ value: Int, rng: inout SplitMix64) -> Int {
        let magnitude = abs(value)
        var digits = Array(String(magnitude).utf8).map { Int($0) - 48 }
        if digits.count < 2 {
            return value + rng.nextInt(in: 1...9) * (rng.chance(0.5) ? 1 : -1)
        }
        let position = rng.nextInt(in: 0...(digits.count - 1))
        let old = digits[position]
        var new = rng.nextInt(in: (position == 0 ? 1 : 0)...8)
        if new >= old { new += 1 }
        if position == 0, new > 9 { new = old == 1 ? 2 : 1 }
        digits[position] = min(new, 9)
        let slipped = digits.reduce(0) { $0 * 10 + $1 }
        return value < 0 ? -slipped : slipped
    }
}
