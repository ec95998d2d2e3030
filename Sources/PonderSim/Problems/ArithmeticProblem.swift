/// The structure of one problem: a start value and the operations applied to it in order.
///
/// This is what the sim reads out of a prompt and what it knows the truth of; `SimProblem` is its
/// serialized form with an id and the answer as text.
public struct ArithmeticProblem: Sendable, Hashable {
    public let start: Int
    public let operations: [SimOperation]
    /// The true value after each operation; `values.last` is the answer.
    public let values: [Int]
    /// A stable identity of the problem derived from its canonical question text.
    public let key: UInt64

    public init(start: Int, operations: [SimOperation]) {
        self.start = start
        self.operations = operations
        var values: [Int] = []
        values.reserveCapacity(operations.count)
        var value = start
        for operation in operations {
            value = operation.apply(to: value)
            values.append(value)
        }
        self.values = values
        self.key = StableHash.string(Self.render(start: start, operations: operations))
    }

    public var answer: Int { values.last ?? start }
    public var stepCount: Int { operations.count }

    /// The true value before operation `index` (0-based).
    public func value(before index: Int) -> Int { index == 0 ? start : values[index - 1] }

    /// The question text: "Start with 17. Add 5. Multiply the result by 3. What is the result?".
    public var question: String { Self.render(start: start, operations: operations) }

    /// The difficulty level (1–5) that a problem with this many steps belongs to.
    public var difficulty: Int { SimDifficulty.level(forStepCount: operations.count) }

    static func render(start: Int, operations: [SimOperation]) -> String {
        var text = "Start with \(start)."
        for operation in operations {
            text += " "
            text += operation.sentence
        }
        text += " What is the result?"
        return text
    }
}
