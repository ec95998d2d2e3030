import Mustache
import PonderCore

import struct FoundationEssentials.URL
import class Foundation.FileManager

/// Prompt templates from `Prompts/`: each prompt is a folder with `system.mustache` (optional) and
/// `user.mustache`, rendered with the problem's fields (`{{{question}}}`), and optionally
/// `examples.yaml`, worked examples sent as earlier turns of the conversation (few-shot: a chat model
/// then ends its answer where the examples end theirs). No prompt text lives in code.
public struct PromptLibrary: Sendable {
    struct Prompt: Sendable {
        var system: MustacheTemplate?
        var examples: [ChatMessage] = []
        var user: MustacheTemplate
    }

    private let prompts: [String: Prompt]

    public var names: [String] { prompts.keys.sorted() }

    public static func load(directory: String) throws -> PromptLibrary {
        var prompts: [String: Prompt] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in entries.sorted() {
            let folder = directory + "/" + name
            let userPath = folder + "/user.mustache"
            guard FileManager.default.fileExists(atPath: userPath) else { continue }
            let systemPath = folder + "/system.mustache"
            let examplesPath = folder + "/examples.yaml"
            prompts[name] = Prompt(
                system: FileManager.default.fileExists(atPath: systemPath) ? try template(at: systemPath) : nil,
                examples: FileManager.default.fileExists(atPath: examplesPath) ? try PromptExamples.load(at: examplesPath) : [],
                user: try template(at: userPath))
        }
        guard !prompts.isEmpty else {
            throw ConfigurationError(file: directory, line: nil, path: "", message: "no prompt templates found (expected NAME/user.mustache)")
        }
        return PromptLibrary(prompts: prompts)
    }

    private static func template(at path: String) throws -> MustacheTemplate {
        do {
            let text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
            return try MustacheTemplate(string: text)
        } catch {
            throw ConfigurationError(file: path, line: nil, path: "", message: "not a usable Mustache template: \(error)")
        }
    }

    /// The chat messages that present `question` with the named prompt.
    public func messages(prompt name: String, question: String) throws -> [ChatMessage] {
        try messages(prompt: name, values: ["question": question])
    }

    /// The chat messages of the named prompt rendered with `values` (`question`, `solution`, …).
    public func messages(prompt name: String, values: [String: String]) throws -> [ChatMessage] {
        guard let prompt = prompts[name] else {
            throw ConfigurationError(
                file: "Prompts/\(name)", line: nil, path: "",
                message: "no such prompt; available: \(names.joined(separator: ", "))")
        }
        var messages: [ChatMessage] = []
        if let system = prompt.system {
            messages.append(.system(system.render(values).trimmingTrailingWhitespace()))
        }
        messages += prompt.examples
        messages.append(.user(prompt.user.render(values).trimmingTrailingWhitespace()))
        return messages
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
