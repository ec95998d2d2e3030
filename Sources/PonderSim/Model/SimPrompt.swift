import PonderCore

/// A prompt as the sim reads it: the text it counts and caches, the problem it answers and the partial
/// solution it continues.
public struct SimPrompt: Sendable {
    /// The prompt text as tokenized: chat messages rendered through `SimChatTemplate`, or the raw prompt.
    public var text: String
    /// The last problem in the prompt, if any.
    public var problem: ArithmeticProblem?
    /// The partial solution to continue: the final assistant message (chat) or the text after the question.
    public var partial: String
    /// A stable hash of `text`.
    public var key: UInt64

    public init(text: String, problem: ArithmeticProblem?, partial: String) {
        self.text = text
        self.problem = problem
        self.partial = partial
        self.key = StableHash.string(text)
    }

    /// A chat prompt: the problem is the last one in the messages before a trailing assistant message,
    /// which holds the partial solution.
    public static func chat(_ messages: [ChatMessage]) -> SimPrompt {
        let text = SimChatTemplate.render(messages)
        let continuesAssistant = messages.last?.role == "assistant"
        let partial = continuesAssistant ? messages[messages.count - 1].content : ""
        let searched = continuesAssistant ? messages.dropLast() : messages[...]
        for message in searched.reversed() {
            if let match = ProblemFinder.lastProblem(in: message.content) {
                return SimPrompt(text: text, problem: match.problem, partial: partial)
            }
        }
        if continuesAssistant, let (problem, after) = ProblemFinder.split(partial) {
            return SimPrompt(text: text, problem: problem, partial: after)
        }
        return SimPrompt(text: text, problem: nil, partial: partial)
    }

    /// A raw completion prompt: the partial solution is the text after the last problem's question, or,
    /// in a conversation rendered through the chat template (`/apply-template`), after the assistant's
    /// opening that follows it.
    public static func completion(_ prompt: String) -> SimPrompt {
        if let (problem, after) = ProblemFinder.split(prompt) {
            if let opening = after.firstRange(of: SimChatTemplate.generationPrompt) {
                return SimPrompt(text: prompt, problem: problem, partial: String(after[opening.upperBound...]))
            }
            return SimPrompt(text: prompt, problem: problem, partial: after)
        }
        return SimPrompt(text: prompt, problem: nil, partial: "")
    }
}
