import Hummingbird
import NIOCore
import PonderCore

/// `POST /apply-template`, as llama.cpp serves it: the conversation rendered through the sim's chat
/// template, ready for the assistant's answer, so a client can continue a partial answer through
/// `/v1/completions` and hit the same prefix cache as the chat route.
extension SimService {
    struct TemplateBody: Decodable, Sendable {
        var messages: [ChatMessage]
    }

    struct RenderedTemplate: Encodable, Sendable {
        var prompt: String
    }

    func applyTemplate(request: Request) async throws -> Response {
        let ticket = stats.begin("/apply-template")
        defer { ticket.hold() }
        let body = try await request.body.collect(upTo: 16 << 20)
        switch JSONCoding.decode(TemplateBody.self, from: body) {
        case .failure(let error):
            return JSONCoding.error(.badRequest, message: error.message, type: "invalid_request_error", param: error.param)
        case .success(let template):
            var messages = template.messages
            // The rendered prompt always opens a fresh assistant answer.
            if messages.last?.role == "assistant" { messages.removeLast() }
            return JSONCoding.response(RenderedTemplate(prompt: SimChatTemplate.render(messages)))
        }
    }
}
