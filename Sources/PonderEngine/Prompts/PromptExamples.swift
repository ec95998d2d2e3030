import PonderCore

import struct FoundationEssentials.URL

/// A prompt's `examples.yaml`: worked examples as alternating user and assistant turns.
///
///     - user: "What is 23 + 14?"
///       assistant: "23 + 14 = 37\nThe answer is 37."
enum PromptExamples {
    static func load(at path: String) throws -> [ChatMessage] {
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, line: nil, path: "", message: "cannot read: \(error)")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws -> [ChatMessage] {
        let root = ConfigNode(node: try YAMLDocument.root(of: text, file: file), path: "", file: file)
        var messages: [ChatMessage] = []
        for example in try root.list() {
            let turn = try example.mapping(allowed: ["user", "assistant"])
            messages.append(.user(try turn.required("user", "the example question").string()))
            messages.append(.assistant(try turn.required("assistant", "the example answer").string()))
        }
        guard !messages.isEmpty else { throw root.error("expected a list of examples, each with 'user' and 'assistant'") }
        return messages
    }
}
