/// A strategy that cannot run as configured.
public enum StrategyError: Error, Sendable, CustomStringConvertible, Equatable {
    case missingScorer(String)
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case .missingScorer(let what): return "this strategy needs \(what), and none is configured"
        case .invalidParameter(let name, let reason): return "parameter '\(name)': \(reason)"
        }
    }
}
