import Foundation
import PonderCore
import Testing

@testable import PonderSim

/// Reading partial solutions and continuing them.
@Suite struct ContinuationTests {
    static let problem = ArithmeticProblem(
        start: 17, operations: [.init(.add, 5), .init(.multiply, 3), .init(.subtract, 4)])
    static let question = problem.question
    /// A writer that never slips, to check the mechanics.
    static let exact: SolutionWriter = {
        var errors = StepErrorModel()
        errors.baseErrorRates = [0, 0, 0, 0, 0]
        return SolutionWriter(errors: errors)
    }()

    static func continue_(_ partial: String) -> String {
        exact.continuation(
            problem: problem, partial: PartialSolution.parse(partial, start: problem.start), temperature: 0.8,
            choiceSeed: 1
        ).text
    }

    @Test func aFreshSolutionHasTheDocumentedFormat() {
        #expect(
            Self.continue_("")
                == "Step 1: 17 + 5 = 22\n\nStep 2: 22 × 3 = 66\n\nStep 3: 66 - 4 = 62\n\nThe answer is \\boxed{62}.")
    }

    @Test func continuesAfterCompleteSteps() {
        #expect(Self.continue_("Step 1: 17 + 5 = 22\n\n") == "Step 2: 22 × 3 = 66\n\nStep 3: 66 - 4 = 62\n\nThe answer is \\boxed{62}.")
        #expect(Self.continue_("Step 1: 17 + 5 = 22") == "\n\nStep 2: 22 × 3 = 66\n\nStep 3: 66 - 4 = 62\n\nThe answer is \\boxed{62}.")
        #expect(Self.continue_("Step 1: 17 + 5 = 22\n") == "\nStep 2: 22 × 3 = 66\n\nStep 3: 66 - 4 = 62\n\nThe answer is \\boxed{62}.")
    }

    @Test func aWrongWrittenValuePropagatesToTheAnswer() {
        let text = Self.continue_("Step 1: 17 + 5 = 23\n\n")
        #expect(text == "Step 2: 23 × 3 = 69\n\nStep 3: 69 - 4 = 65\n\nThe answer is \\boxed{65}.")
        // Also through the full model, at any temperature and seed.
        let model = SimModel(seed: 3)
        for temperature in [0.0, 0.8] {
            let choices = model.generate(
                .chat([.user(Self.question), .assistant("Step 1: 17 + 5 = 23\n\nStep 2: 23 × 3 = 69\n\n")]),
                sampling: .init(n: 8, temperature: temperature), ordinal: 1)
            for choice in choices {
                #expect(choice.text.hasPrefix("Step 3: 69 - 4 ="))
                let final = StepLine.boxedValue(in: choice.text)
                #expect(final != 62, "the wrong value is kept: \(choice.text)")
            }
        }
    }

    @Test func completesAPartialLine() {
        #expect(Self.continue_("Step 1: 17 + 5 = 22\n\nStep 2: 22 ×").hasPrefix(" 3 = 66\n\nStep 3: 66 - 4 = 62"))
        #expect(Self.continue_("Step 1: 17 + 5 = 22\n\nSte").hasPrefix("p 2: 22 × 3 = 66\n\n"))
        #expect(Self.continue_("Step 1: 17 + 5 = 22\n\nStep 2: 22 × 3 = 66\n\nStep 3: 66 - 4 = 62\n\nThe answer") == " is \\boxed{62}.")
    }

    @Test func skipsTemplateText() {
        #expect(Self.continue_("\nAnswer:").hasPrefix(" Step 1: 17 + 5 = 22\n\nStep 2"))
        #expect(Self.continue_("Let me think.").hasPrefix("\n\nStep 1: 17 + 5 = 22"))
        #expect(Self.continue_("\n\n").hasPrefix("Step 1: 17 + 5 = 22"))
        #expect(Self.continue_("Answer: Step 1: 17 + 5 = 22\n\n").hasPrefix("Step 2: 22 × 3 = 66"))
    }

    @Test func aFinishedSolutionEndsAtOnce() {
        #expect(Self.continue_("Step 1: 17 + 5 = 22\n\nStep 2: 22 × 3 = 66\n\nStep 3: 66 - 4 = 62\n\nThe answer is \\boxed{62}.") == "")
        let choice = SimModel().generate(
            .completion(Self.question + "\nThe answer is \\boxed{62}."), sampling: .init(temperature: 0))[0]
        #expect(choice.text == "")
        #expect(choice.completionTokens == 1, "end-of-sequence only")
        #expect(choice.finishReason == "stop")
    }

    @Test func completionPromptsContinueAfterTheQuestion() {
        let model = SimModel()
        let prompt = "Solve step by step.\n\nQuestion: \(Self.question)\n\nStep 1: 17 + 5 = 22\n\n"
        let choice = model.generate(.completion(prompt), sampling: .init(temperature: 0, stop: ["\n\n"]))[0]
        #expect(choice.text.hasPrefix("Step 2: 22 × 3 ="))
        #expect(!choice.text.contains("\n"))
        #expect(choice.completionTokens == SimTokenizer.count(choice.text) + 2, "the stop string's two newline tokens count")
    }

    @Test func promptsWithoutAProblemGetAGenericReply() {
        let choice = SimModel().generate(.chat([.user("Hello there")]), sampling: .init())[0]
        #expect(choice.text == SolutionWriter.genericReply)
        #expect(choice.finishReason == "stop")
    }

    @Test func stopAndMaxTokens() {
        let model = SimModel()
        let prompt = SimPrompt.chat([.user(Self.question)])
        let full = model.generate(prompt, sampling: .init(temperature: 0))[0]
        #expect(full.completionTokens == full.tokenRanges.count + 1)
        let cut = model.generate(prompt, sampling: .init(temperature: 0, maxTokens: 5))[0]
        #expect(cut.finishReason == "length")
        #expect(cut.completionTokens == 5)
        #expect(cut.tokens.count == 5)
        #expect(full.text.hasPrefix(cut.text))
        let stopped = model.generate(prompt, sampling: .init(temperature: 0, stop: ["Step 2", "\n\n"]))[0]
        #expect(stopped.text == full.text.components(separatedBy: "\n\n")[0])
        #expect(stopped.text.hasPrefix("Step 1: 17 + 5 = "))
        #expect(stopped.finishReason == "stop")
    }

    @Test func seededChoicesAreReproducibleAndDistinct() {
        let model = SimModel(seed: 5)
        let problem = SimProblemGenerator.arithmetic(seed: 1, index: 3, level: 5)
        let prompt = SimPrompt.chat([.user(problem.question)])
        let a = model.generate(prompt, sampling: .init(n: 8, temperature: 1.0, seed: 42), ordinal: 1).map(\.text)
        let b = SimModel(seed: 6).generate(prompt, sampling: .init(n: 8, temperature: 1.0, seed: 42), ordinal: 9).map(\.text)
        #expect(a == b, "with a request seed, choices depend on (seed, prompt, index) only")
        #expect(Set(a).count > 1, "choices differ from each other")
        let c = model.generate(prompt, sampling: .init(n: 8, temperature: 1.0), ordinal: 1).map(\.text)
        let d = model.generate(prompt, sampling: .init(n: 8, temperature: 1.0), ordinal: 1).map(\.text)
        let e = model.generate(prompt, sampling: .init(n: 8, temperature: 1.0), ordinal: 2).map(\.text)
        #expect(c == d)
        #expect(c != e)
    }
}
