/// Grading could not decide (the grader itself failed, not the answer): the problem is not recorded,
/// so a later `--resume` grades it again.
public struct GradingError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { "grading failed: \(message)" }
}
