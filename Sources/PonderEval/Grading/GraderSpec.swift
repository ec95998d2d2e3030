import Foundation

/// Which rule decides whether an answer is right, as written on the command line
/// (`--grader math|exact|numeric[:tol]|regex|code|command:CMD`) or in a row's `grader` field.
public enum GraderSpec: Sendable, Hashable, CustomStringConvertible {
    /// Mathematical equivalence of canonical forms (`\frac{1}{2}` ≡ `0.5`, `x = 3` ≡ `3`): ``MathGrader``.
    case math
    /// The same text after trimming surrounding whitespace: ``ExactGrader``.
    case exact
    /// Both parse as numbers that agree within the tolerance: ``NumericGrader``.
    case numeric(tolerance: Double)
    /// The reference is a regular expression the whole answer must match: ``RegexGrader``.
    case regex
    /// The row's tests pass against the solution's last code block, in the sandbox: ``CodeGrader``.
    case code
    /// An external program decides (run with `/bin/sh -c`): ``CommandGrader``.
    case command(String)

    public static let defaultNumericTolerance = 1e-6

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.drop { $0 == " " }
        let name = trimmed.prefix { $0 != ":" }
        let argument = trimmed.count > name.count ? String(trimmed.dropFirst(name.count + 1)) : nil
        switch (name.lowercased(), argument) {
        case ("math", nil): self = .math
        case ("exact", nil): self = .exact
        case ("regex", nil): self = .regex
        case ("code", nil): self = .code
        case ("numeric", nil): self = .numeric(tolerance: Self.defaultNumericTolerance)
        case ("numeric", let tolerance?):
            guard let value = Double(tolerance), value >= 0, value.isFinite else {
                throw ParseError(description: "numeric:TOL needs a tolerance that is a non-negative number, got '\(tolerance)'")
            }
            self = .numeric(tolerance: value)
        case ("command", let command?) where !command.trimmingCharacters(in: .whitespaces).isEmpty:
            self = .command(command)
        case ("command", _):
            throw ParseError(description: "command:CMD needs the command, e.g. command:'python3 check.py'")
        default:
            throw ParseError(description: "unknown grader '\(text)'; use math, exact, numeric[:tol], regex, code or command:CMD")
        }
    }

    public var description: String {
        switch self {
        case .math: "math"
        case .exact: "exact"
        case .numeric(let tolerance): "numeric:\(tolerance)"
        case .regex: "regex"
        case .code: "code"
        case .command(let command): "command:\(command)"
        }
    }

    /// The grader that applies this rule.
    public func makeGrader() -> any AnswerGrader {
        switch self {
        case .math: MathGrader()
        case .exact: ExactGrader()
        case .numeric(let tolerance): NumericGrader(tolerance: tolerance)
        case .regex: RegexGrader()
        case .code: CodeGrader()
        case .command(let command): CommandGrader(command: command)
        }
    }

    /// Whether grading reads the whole solution text rather than only the extracted answer.
    public var readsSolutionText: Bool {
        switch self {
        case .code, .command: true
        case .math, .exact, .numeric, .regex: false
        }
    }

    /// What a row lacks for this grader (a reference answer, a number, a pattern that compiles, tests),
    /// so the reader can name the line and field before anything runs.
    func referenceProblem(in row: DatasetRow) -> BadRow? {
        func bad(_ field: String, _ message: String) -> BadRow { BadRow(line: row.line, field: field, message: message) }
        switch self {
        case .math, .exact:
            guard let answer = row.answer, !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return bad("answer", "missing (the reference answer)")
            }
            if self == .math, MathGrader.canonical(answer) == nil { return bad("answer", "has no canonical form") }
            return nil
        case .numeric:
            guard let answer = row.answer else { return bad("answer", "missing (the reference number)") }
            return NumericGrader.value(of: answer) == nil ? bad("answer", "'\(answer)' is not a number (grader numeric)") : nil
        case .regex:
            guard let answer = row.answer else { return bad("answer", "missing (the reference pattern)") }
            return RegexGrader.compile(answer) == nil ? bad("answer", "'\(answer)' is not a valid regular expression") : nil
        case .code:
            guard let tests = row.tests, !tests.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return bad("tests", "missing (the code grader runs the row's tests)")
            }
            return nil
        case .command:
            return nil
        }
    }
}
