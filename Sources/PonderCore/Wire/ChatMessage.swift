/// One message of an OpenAI chat conversation.
///
/// `content` is always plain text here: the array-of-parts form that some clients send
/// (`[{"type": "text", "text": "..."}]`) is joined into one string when decoded, a line break between
/// parts (as vLLM joins them). A part of any other type (an image, audio) is refused rather than
/// dropped: the model would answer a question it was not asked.
public struct ChatMessage: Codable, Sendable, Hashable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: "assistant", content: text) }

    private enum CodingKeys: String, CodingKey { case role, content }
    private struct ContentPart: Decodable { var type: String; var text: String? }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(String.self, forKey: .role)
        if let text = try? container.decodeIfPresent(String.self, forKey: .content) {
            content = text
        } else if let parts = try? container.decodeIfPresent([ContentPart].self, forKey: .content) {
            guard parts.allSatisfy({ $0.type == "text" && $0.text != nil }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .content, in: container, debugDescription: "has a part that is not text; only text parts are taken")
            }
            content = parts.compactMap(\.text).joined(separator: "\n")
        } else if try container.decodeNil(forKey: .content) {
            content = ""
        } else {
            throw DecodingError.dataCorruptedError(
                forKey: .content, in: container,
                debugDescription: "content must be a string or an array of text parts")
        }
    }
}
