/// What a prompt's partial solution says: how many steps are written, the value the last one wrote, and
/// how the text ends, so the sim can continue from exactly there.
///
/// Complete lines (followed by a newline) that hold "Step N:" count as written steps, and each next step
/// starts from the value the previous one WROTE, right or wrong. Other text (a template's "Answer:", a
/// preamble) is skipped. The last, unfinished line is kept as a fragment for the generator to complete.
public struct PartialSolution: Sendable, Equatable {
    public enum Ending: Sendable, Equatable {
        /// Write the next line right away.
        case fresh
        /// Write this separator, then the next line.
        case separator(String)
        /// The text ends inside a line: complete it if it is the beginning of the next line (see `SolutionWriter`),
        /// otherwise fall back.
        case fragment(String, fallback: Fallback)
    }

    public enum Fallback: Sendable, Equatable {
        /// The fragment is a whole step line: take its value, write the separator, go on.
        case completeStep(value: Int?, separator: String)
        /// The fragment is other text: write the separator, then the next line.
        case separator(String)
    }

    public var stepsWritten: Int
    public var value: Int
    /// The text already holds the final `\boxed{}` answer: nothing is left to write.
    public var answered: Bool
    public var ending: Ending

    public init(stepsWritten: Int, value: Int, answered: Bool, ending: Ending) {
        self.stepsWritten = stepsWritten
        self.value = value
        self.answered = answered
        self.ending = ending
    }

    /// Reads `text`, the solution so far of a problem whose start value is `start`.
    public static func parse(_ text: String, start: Int) -> PartialSolution {
        var steps = 0
        var value = start
        // Everything up to the last newline is complete lines; the rest is the fragment.
        let lastNewline = text.utf8.lastIndex(of: 0x0A)
        let complete: Substring
        let fragment: Substring
        if let lastNewline {
            complete = text[..<lastNewline]
            fragment = text[text.utf8.index(after: lastNewline)...]
        } else {
            complete = ""
            fragment = text[...]
        }
        var lastLineWasStep = false
        if lastNewline != nil {
            for line in complete.split(separator: "\n", omittingEmptySubsequences: false) {
                if StepLine.boxedValue(in: line) != nil {
                    return PartialSolution(stepsWritten: steps, value: value, answered: true, ending: .fresh)
                }
                if let step = StepLine.parse(line) {
                    steps += 1
                    if let result = step.result { value = result }
                    lastLineWasStep = true
                } else {
                    lastLineWasStep = false
                }
            }
        }
        if StepLine.boxedValue(in: fragment) != nil {
            return PartialSolution(stepsWritten: steps, value: value, answered: true, ending: .fresh)
        }
        if fragment.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
            // Ends at a line start. After a step and one newline, finish the blank-line separator.
            let endsWithSingleNewline = text.hasSuffix("\n") && !text.hasSuffix("\n\n") && fragment.isEmpty
            let ending: Ending = lastLineWasStep && endsWithSingleNewline ? .separator("\n") : .fresh
            return PartialSolution(stepsWritten: steps, value: value, answered: false, ending: ending)
        }
        let fallback: Fallback
        if let step = StepLine.parse(fragment), step.isComplete {
            fallback = .completeStep(value: step.result, separator: "\n\n")
        } else if let last = fragment.last, last.isWhitespace {
            fallback = .separator("")
        } else if fragment.last == ":" {
            fallback = .separator(" ")
        } else {
            fallback = .separator("\n\n")
        }
        return PartialSolution(
            stepsWritten: steps, value: value, answered: false, ending: .fragment(String(fragment), fallback: fallback))
    }
}
