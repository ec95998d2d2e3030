import PonderBackends
import Yams

/// Reading an endpoint's `capabilities:` section.
extension PonderConfiguration {
    static func readCapabilities(_ node: ConfigNode, into capabilities: inout EndpointCapabilities) throws {
        let c = try node.mapping(allowed: ["max_n", "usage_covers_all_choices", "server", "continuation"])
        if let v = c["max_n"] { capabilities.maxN = try v.integer(in: 1...1024) }
        if let v = c["usage_covers_all_choices"] { capabilities.usageCoversAllChoices = try v.bool() }
        if let v = c["server"] { capabilities.server = try v.word(ServerKind.self, what: "server", plural: "servers", also: ["auto"]) }
        if let v = c["continuation"] { capabilities.continuation = try continuation(v) }
    }

    /// `auto`, `continue_final_message`, `server_template`, or `{template: {system, user, assistant,
    /// generation_prompt, begin}}`.
    private static func continuation(_ node: ConfigNode) throws -> PrefixContinuation? {
        if case .scalar = node.node {
            switch try node.string() {
            case "auto": return nil
            case "continue_final_message": return .continueFinalMessage
            case "server_template": return .serverTemplate
            case let word:
                throw node.error(
                    "unknown continuation '\(word)'; use auto, continue_final_message, server_template, or a mapping with 'template'")
            }
        }
        let map = try node.mapping(allowed: ["template"])
        let template = try map.required("template", "the chat template: a format per role with {content}")
        return .template(try chatTemplate(template))
    }

    private static func chatTemplate(_ node: ConfigNode) throws -> ChatTemplate {
        let map = try node.mapping(allowed: nil)
        var formats: [String: String] = [:]
        var begin = ""
        var generationPrompt: String?
        for (key, value) in map.entries {
            let text = try value.text()
            switch key {
            case "begin": begin = text
            case "generation_prompt": generationPrompt = text
            default:
                guard text.contains(ChatTemplate.placeholder) else {
                    throw value.error("the format for role '\(key)' must contain \(ChatTemplate.placeholder)")
                }
                formats[key] = text
            }
        }
        guard let generationPrompt else {
            throw node.error("missing required key 'generation_prompt' (the text that opens the assistant's answer)")
        }
        for role in ["user", "assistant"] where formats[role] == nil {
            throw node.error("missing required key '\(role)' (its format, with \(ChatTemplate.placeholder))")
        }
        return ChatTemplate(begin: begin, formats: formats, generationPrompt: generationPrompt)
    }
}

extension ConfigNode {
    /// A string that may be empty (template pieces).
    func text() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a string, got \(shown)") }
        return scalar.string
    }
}
