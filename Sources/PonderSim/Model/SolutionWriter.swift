/// Text the model generated, before stop strings and `max_tokens` are applied.
public struct GeneratedText: Sendable, Equatable {
    /// A wrongly computed value in the text (the result of a step that slipped), with the right one.
    public struct WrongSpan: Sendable, Equatable {
        /// UTF-8 offsets of the wrong value (with its leading space) in `text`.
        public var range: Range<Int>
        /// What the span would have said had the step been right, e.g. " 66".
        public var correct: String
    }

    public var text: String
    public var wrongSpans: [WrongSpan]
    /// The text ends the solution: the model emits end-of-sequence after it.
    public var reachesEnd: Bool
}

/// Writes the continuation of a partial step-by-step solution, one step per paragraph, then the answer.
public struct SolutionWriter: Sendable {
    public var errors: StepErrorModel

    public init(errors: StepErrorModel = StepErrorModel()) { self.errors = errors }

    /// The reply when the prompt holds no problem the sim can read.
    public static let genericReply =
        "I solve multi-step arithmetic problems written as \"Start with 17. Add 5. Multiply the result by 3. "
        + "What is the result?\". Please give me a problem in that form."

    /// Continues `partial` for `problem` as the sample `choiceSeed` at `temperature`.
    public func continuation(
        problem: ArithmeticProblem, partial: PartialSolution, temperature: Double, choiceSeed: UInt64
    ) -> GeneratedText {
        var out = GeneratedText(text: "", wrongSpans: [], reachesEnd: true)
        if partial.answered { return out }
        var step = partial.stepsWritten
        var value = partial.value
        var needsSeparator = false

        switch partial.ending {
        case .fresh:
            break
        case .separator(let separator):
            out.text += separator
        case .fragment(let fragment, let fallback):
            let sampled = line(problem: problem, step: step, value: value, temperature: temperature, seed: choiceSeed)
            if let rest = Self.completion(of: fragment, toward: sampled.text) {
                append(sampled, skippingFirst: sampled.text.utf8.count - rest.utf8.count, to: &out)
                if step >= problem.stepCount { return out }
                value = sampled.value
                step += 1
                needsSeparator = true
            } else if step < problem.stepCount,
                case let correct = line(problem: problem, step: step, value: value, temperature: nil, seed: 0),
                let rest = Self.completion(of: fragment, toward: correct.text)
            {
                append(correct, skippingFirst: correct.text.utf8.count - rest.utf8.count, to: &out)
                value = correct.value
                step += 1
                needsSeparator = true
            } else {
                switch fallback {
                case .completeStep(let written, let separator):
                    if let written { value = written }
                    step += 1
                    out.text += separator
                case .separator(let separator):
                    out.text += separator
                }
            }
        }

        while step < problem.stepCount {
            if needsSeparator { out.text += "\n\n" }
            let next = line(problem: problem, step: step, value: value, temperature: temperature, seed: choiceSeed)
            append(next, skippingFirst: 0, to: &out)
            value = next.value
            step += 1
            needsSeparator = true
        }
        if needsSeparator { out.text += "\n\n" }
        out.text += StepLine.answer(value)
        return out
    }

    /// One line the model writes: step `step` (0-based) from `value`, or the answer line past the last step.
    struct Line {
        var text: String
        var value: Int
        /// UTF-8 range of the wrong value inside `text`, and the right text for it.
        var wrong: (range: Range<Int>, correct: String)?
    }

    /// `temperature == nil` writes the correct line.
    func line(problem: ArithmeticProblem, step: Int, value: Int, temperature: Double?, seed: UInt64) -> Line {
        guard step < problem.stepCount else { return Line(text: StepLine.answer(value), value: value, wrong: nil) }
        let operation = problem.operations[step]
        let result: (value: Int, isWrong: Bool)
        if let temperature {
            result = errors.sample(problem: problem, step: step, value: value, temperature: temperature, choiceSeed: seed)
        } else {
            result = (operation.apply(to: value), false)
        }
        let head = StepLine.stepHead(number: step + 1, operand: value, operation: operation)
        let tail = " \(result.value)"
        let wrong = result.isWrong
            ? (range: head.utf8.count..<(head.utf8.count + tail.utf8.count), correct: " \(operation.apply(to: value))")
            : nil
        return Line(text: head + tail, value: result.value, wrong: wrong)
    }

    func append(_ line: Line, skippingFirst skipped: Int, to out: inout GeneratedText) {
        let base = out.text.utf8.count
        if skipped == 0 {
            out.text += line.text
        } else {
            let utf8 = line.text.utf8
            out.text += String(line.text[utf8.index(utf8.startIndex, offsetBy: skipped)...])
        }
        if let wrong = line.wrong, wrong.range.upperBound > skipped {
            let lower = max(wrong.range.lowerBound, skipped) - skipped + base
            let upper = wrong.range.upperBound - skipped + base
            out.wrongSpans.append(.init(range: lower..<upper, correct: wrong.correct))
        }
    }

    /// If a suffix of `fragment` that starts a word is a prefix of `line`, the rest of `line`.
    static func completion(of fragment: String, toward line: String) -> String? {
        let f = Array(fragment.utf8)
        let l = Array(line.utf8)
        guard !f.isEmpty else { return nil }
        for start in max(0, f.count - l.count)..<f.count {
            if start > 0, !(f[start - 1] == 0x20 || f[start - 1] == 0x09 || f[start - 1] == 0x0A) { continue }
            if f[start] == 0x20 || f[start] == 0x09 { continue }
            let length = f.count - start
            guard length <= l.count else { continue }
            var equal = true
            for k in 0..<length where f[start + k] != l[k] {
                equal = false
                break
            }
            if equal { return String(decoding: l[length...], as: UTF8.self) }
        }
        return nil
    }
}
