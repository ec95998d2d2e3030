/// A batch run that cannot start as asked.
public enum RunSetupError: Error, Sendable, CustomStringConvertible {
    case unknownPreset(String, known: [String])
    /// The code grader needs the sandbox, and it cannot be set up here.
    case sandboxUnavailable(String)
    /// Options that do not fit together or with the data (named in the message).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .unknownPreset(let name, let known):
            return "no strategy preset named '\(name)'; known: \(known.joined(separator: ", "))"
        case .sandboxUnavailable(let reason):
            return "the code grader runs tests in the sandbox, which is unavailable here: \(reason)"
        case .invalidRequest(let message):
            return message
        }
    }
}
