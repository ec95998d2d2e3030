import PonderCore

/// How an endpoint continues a partial answer from exactly its bytes, which step-level search needs
/// (every expansion of a path must see the same prefix, and a server with prefix caching then reuses it).
public enum PrefixContinuation: Sendable, Hashable {
    /// The partial answer goes as a final assistant message with `continue_final_message: true` and
    /// `add_generation_prompt: false` (vLLM, SGLang, the sim).
    case continueFinalMessage
    /// The server renders the conversation with its own chat template (`POST /apply-template`, llama.cpp)
    /// and the partial answer is appended to that text and continued through `/v1/completions`.
    case serverTemplate
    /// As `serverTemplate`, with a chat template given in the configuration, for servers that can
    /// render neither way.
    case template(ChatTemplate)

    /// The continuation a server of this kind supports.
    public static func suited(to kind: ServerKind) -> PrefixContinuation {
        kind == .llamaCpp ? .serverTemplate : .continueFinalMessage
    }

    /// Whether policy calls go through `/v1/completions` with a rendered prompt.
    public var rendersPrompt: Bool {
        if case .continueFinalMessage = self { return false }
        return true
    }

    public var name: String {
        switch self {
        case .continueFinalMessage: "continue_final_message"
        case .serverTemplate: "server_template"
        case .template: "template"
        }
    }
}
