/// A problem to solve: its question and the prompt that presents it to the policy model.
///
/// `messages` is the rendered prompt (system and user turns from a template in `Prompts/`); a
/// strategy never builds prompt text itself. A partial solution is sent after these messages.
public struct Problem: Sendable, Hashable {
    public var id: String
    public var question: String
    public var messages: [ChatMessage]

    public init(id: String = "", question: String, messages: [ChatMessage]? = nil) {
        self.id = id
        self.question = question
        self.messages = messages ?? [.user(question)]
    }
}
