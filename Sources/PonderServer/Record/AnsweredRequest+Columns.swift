import GRDB
import PonderCore

import struct FoundationEssentials.Data
import struct FoundationEssentials.Date
import class FoundationEssentials.JSONDecoder
import class FoundationEssentials.JSONEncoder

/// How an answered request becomes a `request` row and back: dates as ISO 8601 text in UTC, messages,
/// further choices and the trace as compact JSON, every text field with the daemon's secrets redacted.
extension AnsweredRequest {
    static let columns = [
        "finished_at", "request_id", "route", "stream", "strategy", "model", "client", "messages", "prompt", "answer",
        "finish_reason", "other_choices", "cut_short", "prompt_tokens", "completion_tokens", "cached_prompt_tokens",
        "uncounted_choices", "calls", "latency_ms", "trace",
    ]

    static let insertSQL =
        "INSERT INTO request (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"

    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The row's values in `columns` order. Encoding happens here, in the writer, not on the request path.
    func arguments(redactor: SecretRedactor) throws -> StatementArguments {
        let r: (String) -> String = { redactor.redact($0) }
        var messages: String?
        var prompt: String?
        switch self.prompt {
        case .messages(let list): messages = r(try Self.json(list))
        case .text(let text): prompt = r(text)
        }
        let values: [(any DatabaseValueConvertible)?] = [
            finishedAt.formatted(Self.dateStyle), r(requestID), route, stream, strategy, r(model), client, messages, prompt,
            r(answer), finishReason, try otherChoices.isEmpty ? nil : r(Self.json(otherChoices)), cutShort?.rawValue,
            usage.promptTokens, usage.completionTokens, usage.cachedPromptTokens, usage.uncountedChoices, usage.calls,
            latencyMilliseconds, try trace.map { r(try Self.json($0)) },
        ]
        return StatementArguments(values)
    }

    /// A row read back (`nil` fields stay as stored; JSON that does not decode reads as empty).
    init(row: Row) {
        let prompt: Prompt =
            if let text: String = row["prompt"] { .text(text) } else {
                .messages(Self.decode([ChatMessage].self, from: row["messages"]) ?? [])
            }
        self.init(
            finishedAt: (try? Self.dateStyle.parse(row["finished_at"] as String)) ?? Date(timeIntervalSince1970: 0),
            requestID: row["request_id"], route: row["route"], stream: row["stream"], strategy: row["strategy"],
            model: row["model"], client: row["client"], prompt: prompt, answer: row["answer"], finishReason: row["finish_reason"],
            otherChoices: Self.decode([Choice].self, from: row["other_choices"]) ?? [],
            cutShort: (row["cut_short"] as String?).flatMap(StopReason.init(rawValue:)),
            usage: Usage(
                promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
                cachedPromptTokens: row["cached_prompt_tokens"], calls: row["calls"], uncountedChoices: row["uncounted_choices"]),
            latencyMilliseconds: row["latency_ms"], trace: Self.decode(SearchTrace.self, from: row["trace"]))
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
