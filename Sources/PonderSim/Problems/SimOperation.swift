/// One step of an arithmetic problem: "Add 5.", "Subtract 4.", "Multiply the result by 3.", "Divide the result by 2.".
public struct SimOperation: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case add, subtract, multiply, divide
    }

    public var kind: Kind
    public var operand: Int

    public init(_ kind: Kind, _ operand: Int) {
        self.kind = kind
        self.operand = operand
    }

    /// The result of applying this operation to `value`. Division truncates toward zero: the problems
    /// only divide exactly, but a solution that carries a wrong value may not.
    public func apply(to value: Int) -> Int {
        switch kind {
        case .add: return value &+ operand
        case .subtract: return value &- operand
        case .multiply: return value &* operand
        case .divide: return operand == 0 ? value : value / operand
        }
    }

    /// The sentence of the question text, e.g. "Multiply the result by 3.".
    public var sentence: String {
        switch kind {
        case .add: return "Add \(operand)."
        case .subtract: return "Subtract \(operand)."
        case .multiply: return "Multiply the result by \(operand)."
        case .divide: return "Divide the result by \(operand)."
        }
    }

    /// The operator written in solution steps: ASCII `+` and `-`, `×` and `÷`.
    public var symbol: String {
        switch kind {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "×"
        case .divide: return "÷"
        }
    }
}
