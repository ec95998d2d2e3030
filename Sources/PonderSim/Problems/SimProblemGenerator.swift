/// Makes arithmetic word problems with known answers, deterministically from (seed, index, difficulty).
///
/// The difficulty sets the number of steps (2, 3, 5, 7, 9 for levels 1–5) and the size of the operands.
/// Division appears only where it is exact; every intermediate value stays below 10^7 in magnitude; levels
/// 1–3 keep values positive, levels 4–5 may go negative. The problem at (seed, index) of a mixed set is
/// the same as the problem at (seed, index) of a set of its level.
public enum SimProblemGenerator {
    /// Operand ranges of one level.
    struct Profile {
        var steps: Int
        var start: ClosedRange<Int>
        var addend: ClosedRange<Int>
        var factor: ClosedRange<Int>
        var allowsNegative: Bool
    }

    static let bound = 10_000_000

    static func profile(level: Int) -> Profile {
        switch level {
        case ...1: return Profile(steps: 2, start: 2...20, addend: 1...9, factor: 2...4, allowsNegative: false)
        case 2: return Profile(steps: 3, start: 2...50, addend: 1...20, factor: 2...5, allowsNegative: false)
        case 3: return Profile(steps: 5, start: 5...100, addend: 1...50, factor: 2...9, allowsNegative: false)
        case 4: return Profile(steps: 7, start: 10...500, addend: 1...200, factor: 2...12, allowsNegative: true)
        default: return Profile(steps: 9, start: 10...999, addend: 1...999, factor: 2...15, allowsNegative: true)
        }
    }

    /// `count` problems with indices `startIndex ..< startIndex + count`.
    public static func generate(count: Int, seed: UInt64, difficulty: SimDifficulty, startIndex: Int = 0) -> [SimProblem] {
        (startIndex..<(startIndex + max(0, count))).map { problem(seed: seed, index: $0, difficulty: difficulty) }
    }

    /// The problem at `index` of the set `(seed, difficulty)`.
    public static func problem(seed: UInt64, index: Int, difficulty: SimDifficulty) -> SimProblem {
        let level = self.level(seed: seed, index: index, difficulty: difficulty)
        let structure = arithmetic(seed: seed, index: index, level: level)
        let number = String(index)
        let padded = String(repeating: "0", count: max(0, 6 - number.count)) + number
        return SimProblem(
            id: "sim-d\(level)-\(padded)", question: structure.question, answer: String(structure.answer),
            difficulty: level)
    }

    static func level(seed: UInt64, index: Int, difficulty: SimDifficulty) -> Int {
        switch difficulty {
        case .level(let level): return min(max(level, 1), 5)
        case .mixed: return 1 + Int(StableHash.combine(seed, StableHash.word(index), 0x6d69_78) % 5)
        }
    }

    /// The structure of the problem at (seed, index) of level `level`.
    public static func arithmetic(seed: UInt64, index: Int, level: Int) -> ArithmeticProblem {
        let profile = self.profile(level: level)
        var rng = SplitMix64(seed: StableHash.combine(seed, StableHash.word(index), StableHash.word(level)))
        var value = rng.nextInt(in: profile.start)
        let start = value
        var operations: [SimOperation] = []
        for _ in 0..<profile.steps {
            let operation = nextOperation(value: value, profile: profile, rng: &rng)
            value = operation.apply(to: value)
            operations.append(operation)
        }
        return ArithmeticProblem(start: start, operations: operations)
    }

    static func nextOperation(value: Int, profile: Profile, rng: inout SplitMix64) -> SimOperation {
        let roll = rng.nextUnit()
        if roll < 0.2, let divisor = exactDivisor(of: value, in: profile.factor, rng: &rng) {
            return SimOperation(.divide, divisor)
        }
        if roll < 0.45 {
            let factor = rng.nextInt(in: profile.factor)
            if abs(value * factor) < bound, value != 0 { return SimOperation(.multiply, factor) }
        }
        let addend = rng.nextInt(in: profile.addend)
        let subtract = rng.chance(0.5)
        if subtract {
            let result = value - addend
            if result != 0, profile.allowsNegative ? abs(result) < bound : result > 0 {
                return SimOperation(.subtract, addend)
            }
        }
        if abs(value + addend) < bound, value + addend != 0 { return SimOperation(.add, addend) }
        return SimOperation(.subtract, addend)
    }

    static func exactDivisor(of value: Int, in range: ClosedRange<Int>, rng: inout SplitMix64) -> Int? {
        guard value != 0 else { return nil }
        let divisors = range.filter { value % $0 == 0 && value / $0 != 0 }
        guard !divisors.isEmpty else { return nil }
        return divisors[rng.nextInt(in: 0...(divisors.count - 1))]
    }
}
