import Foundation

/// Why `ponder compare` cannot build a report from its input, worded for the person who has to fix the
/// input.
public enum ComparisonError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The input holds no result rows.
    case noRows
    /// An option is out of range; the text names it and its allowed values.
    case invalidOption(String)
    /// A row's score is NaN or infinite (rows decoded from JSON never are).
    case nonFiniteScore(strategy: String, problemID: String)
    /// Two rows of one strategy share task, problem and run, so they cannot be paired.
    case duplicateRow(strategy: String, task: String, problemID: String, run: String)
    /// Two sample records of one strategy share task, problem and run.
    case duplicateSamples(strategy: String, task: String, problemID: String, run: String)
    /// Two strategies share no (task, problem, run), so nothing can be compared between them.
    case nothingPaired(a: String, b: String)

    public var description: String {
        switch self {
        case .noRows:
            return "no result rows to compare: pass run stores or interchange files (JSONL rows with strategy, problem_id and score)"
        case .invalidOption(let text):
            return "invalid option: \(text)"
        case .nonFiniteScore(let strategy, let problemID):
            return "strategy '\(strategy)' has a score that is not a finite number on problem '\(problemID)'"
        case .duplicateRow(let strategy, let task, let problemID, let run):
            return "strategy '\(strategy)' has two rows for \(Self.describe(task: task, problemID: problemID, run: run)); "
                + "give each attempt its own run label, or drop the repeat"
        case .duplicateSamples(let strategy, let task, let problemID, let run):
            return "strategy '\(strategy)' has two sample records for \(Self.describe(task: task, problemID: problemID, run: run))"
        case .nothingPaired(let a, let b):
            return "strategies '\(a)' and '\(b)' share no (task, problem_id, run): they were run on different problems, "
                + "tasks or run labels, so they cannot be compared"
        }
    }

    public var errorDescription: String? { description }

    private static func describe(task: String, problemID: String, run: String) -> String {
        var parts = ["problem '\(problemID)'"]
        if !task.isEmpty { parts.append("task '\(task)'") }
        if !run.isEmpty { parts.append("run '\(run)'") }
        return parts.joined(separator: ", ")
    }
}
