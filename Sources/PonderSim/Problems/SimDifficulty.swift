/// Which difficulty a generated problem set has: one level from 1 (easiest) to 5, or a mix of all five.
public enum SimDifficulty: Sendable, Hashable {
    case level(Int)
    case mixed

    /// Parses "1"…"5" or "mix"/"mixed".
    public init?(argument: String) {
        switch argument.lowercased() {
        case "mix", "mixed": self = .mixed
        default:
            guard let level = Int(argument), SimDifficulty.levels.contains(level) else { return nil }
            self = .level(level)
        }
    }

    public static let levels: ClosedRange<Int> = 1...5

    /// Steps per problem at each level.
    public static let stepCounts = [2, 3, 5, 7, 9]

    /// The level of a problem with `steps` operations (problems read from prompts carry no level).
    public static func level(forStepCount steps: Int) -> Int {
        switch steps {
        case ..<3: return 1
        case 3...4: return 2
        case 5...6: return 3
        case 7...8: return 4
        default: return 5
        }
    }
}
