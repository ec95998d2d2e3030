import PonderCore

/// A chat template given in the configuration: each message is its role's format with `{content}`
/// replaced by the message's text, after `begin`; `generationPrompt` opens the assistant's answer.
///
///     continuation:
///       template:
///         system: "<|im_start|>system\n{content}<|im_end|>\n"
///         user: "<|im_start|>user\n{content}<|im_end|>\n"
///         assistant: "<|im_start|>assistant\n{content}<|im_end|>\n"
///         generation_prompt: "<|im_start|>assistant\n"
public struct ChatTemplate: Sendable, Hashable {
    public static let placeholder = "{content}"

    public var begin: String
    /// Formats by role (`system`, `user`, `assistant`, or any other role a conversation uses).
    public var formats: [String: String]
    public var generationPrompt: String

    public init(begin: String = "", formats: [String: String], generationPrompt: String) {
        self.begin = begin
        self.formats = formats
        self.generationPrompt = generationPrompt
    }

    public struct UnknownRole: Error, CustomStringConvertible {
        public let role: String
        public let known: [String]
        public var description: String {
            "the configured chat template has no format for role '\(role)'; it has \(known.joined(separator: ", "))"
        }
    }

    /// The prompt text for a conversation, ready for the assistant's answer.
    public func render(_ messages: [ChatMessage]) throws -> String {
        var text = begin
        for message in messages {
            guard let format = formats[message.role] else {
                throw UnknownRole(role: message.role, known: formats.keys.sorted())
            }
            text += format.replacing(Self.placeholder, with: message.content)
        }
        return text + generationPrompt
    }
}
