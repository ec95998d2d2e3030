import FoundationEssentials
import PonderCore

/// Decodes a body both ways, for comparing `ChatCompletionResponse.fastDecode` with `JSONDecoder`.
enum FastJSONCheck {
    static let decoder = JSONDecoder()

    static func reference(_ body: [UInt8]) -> ChatCompletionResponse? {
        try? decoder.decode(ChatCompletionResponse.self, from: Data(body))
    }

    /// Field-by-field equality; strings compare by their UTF-8 bytes, not by canonical equivalence.
    static func same(_ a: ChatCompletionResponse, _ b: ChatCompletionResponse) -> Bool {
        Array(a.id.utf8) == Array(b.id.utf8) && Array(a.object.utf8) == Array(b.object.utf8)
            && a.created == b.created && Array(a.model.utf8) == Array(b.model.utf8)
            && a.usage == b.usage && a.usage?.promptTokensDetails == b.usage?.promptTokensDetails
            && a.timings == b.timings
            && a.choices.count == b.choices.count
            && zip(a.choices, b.choices).allSatisfy { x, y in
                x.index == y.index && x.finishReason.map { Array($0.utf8) } == y.finishReason.map { Array($0.utf8) }
                    && x.logprobs == y.logprobs
                    && Array(x.message.role.utf8) == Array(y.message.role.utf8)
                    && Array(x.message.content.utf8) == Array(y.message.content.utf8)
            }
    }

    /// The property the call site relies on: a fast answer is always `JSONDecoder`'s answer.
    static func fastIsExact(_ body: [UInt8]) -> Bool {
        guard let fast = ChatCompletionResponse.fastDecode(body) else { return true }
        guard let reference = reference(body) else { return false }
        return same(fast, reference)
    }
}
