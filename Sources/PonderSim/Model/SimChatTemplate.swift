import PonderCore

/// The fixed chat template the sim renders messages through before counting and caching prompt tokens.
///
/// Each message is `<|role|>\n{content}<|end|>\n`; a conversation that ends with a user (or system)
/// message gets the generation prompt `<|assistant|>\n`. A final assistant message is rendered open
/// (no end marker): the sim continues it, as vLLM does with `continue_final_message`.
public enum SimChatTemplate {
    /// What opens the assistant's answer.
    public static let generationPrompt = "<|assistant|>\n"

    public static func render(_ messages: [ChatMessage]) -> String {
        var text = ""
        text.reserveCapacity(messages.reduce(0) { $0 + $1.content.utf8.count + 16 } + 16)
        for (index, message) in messages.enumerated() {
            text += "<|"
            text += message.role
            text += "|>\n"
            text += message.content
            let isOpenAssistant = index == messages.count - 1 && message.role == "assistant"
            if !isOpenAssistant { text += "<|end|>\n" }
        }
        if messages.last?.role != "assistant" { text += generationPrompt }
        return text
    }
}
