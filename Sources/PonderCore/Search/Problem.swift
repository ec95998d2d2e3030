/// A problem to solve: its question and the prompt that presents it to the policy model.
///
/// `messages` is the rendered prompt (system and user turns from a template in `Prompts/`); a
/// strategy never builds prompt text itself. A partial solution is sent after these messages.
public struct Problem: Sendable, Hashable {
    public var id: String
    public var question: String
    public var messages: [ChatMessage]
    /// A raw text prompt (`POST /v1/completions`): the policy continues this text with no chat
    /// template, and `messages` is not sent.
    public var rawPrompt: String?

    public init(id: String = "", question: String, messages: [ChatMessage]? = nil, rawPrompt: String? = nil) {
        self.id = id
        self.question = question
        self.messages = messages ?? [.user(question)]
        self.rawPrompt = rawPrompt
    }
}
