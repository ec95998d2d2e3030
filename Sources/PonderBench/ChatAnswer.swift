import class FoundationEssentials.JSONDecoder
import class FoundationEssentials.JSONEncoder
import struct FoundationEssentials.Data

/// One chat completion asked of a server and its answer's text, over `LoopbackHTTP`: the check that a
/// target answers before it is loaded (the load generator never reads answers), and the accuracy
/// part's requests, sent one at a time. Only `choices[0].message.content` is read, so Ponder's answers
/// and optillm's (which lack an id and prompt token counts) read alike.
enum ChatAnswer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Body: Encodable {
        struct Message: Encodable {
            var role = "user"
            var content: String
        }
        var model: String
        var messages: [Message]
        var max_tokens: Int
    }

    private struct Answer: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message?
        }
        var choices: [Choice]
    }

    /// The request body: one user message and `max_tokens`.
    static func body(model: String, question: String, maxTokens: Int) -> String {
        let body = Body(model: model, messages: [.init(content: question)], max_tokens: maxTokens)
        return (try? JSONEncoder().encode(body)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The text of the first choice; throws for no answer, a non-2xx status or an answer without text.
    static func ask(origin: String, model: String, question: String, maxTokens: Int, timeout: Int = 600) throws -> String {
        let json = body(model: model, question: question, maxTokens: maxTokens)
        guard let response = LoopbackHTTP.post(origin, path: "/v1/chat/completions", json: json, timeout: timeout) else {
            throw Failure(description: "\(origin) did not answer model \(model)")
        }
        guard (200..<300).contains(response.status) else {
            throw Failure(description: "\(origin) answered model \(model) with HTTP \(response.status): \(response.body.prefix(300))")
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body.utf8)),
            let text = answer.choices.first?.message?.content, !text.isEmpty
        else {
            throw Failure(description: "\(origin)'s answer for model \(model) has no text: \(response.body.prefix(300))")
        }
        return text
    }
}
