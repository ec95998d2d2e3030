import PonderCore

/// The software behind an OpenAI-compatible endpoint, as far as Ponder needs to know it: each has its
/// own quirks (see `PrefixContinuation`, `EndpointClient.serverKind()`).
public enum ServerKind: String, Sendable, Hashable, CaseIterable {
    case vllm
    case sglang
    case llamaCpp = "llama.cpp"
    case ollama
    case ponderSim = "ponder-sim"
    /// Anything else that speaks the OpenAI API.
    case openAICompatible = "openai"

    /// Recognises a server from its `GET /v1/models` answer (`owned_by` of the models it lists).
    public static func recognise(_ models: ModelList) -> ServerKind {
        for model in models.data {
            switch model.ownedBy.lowercased() {
            case "llamacpp", "llama.cpp": return .llamaCpp
            case "vllm": return .vllm
            case "sglang": return .sglang
            case "ollama", "library": return .ollama
            case "ponder-sim", "ponder": return .ponderSim
            default: continue
            }
        }
        return .openAICompatible
    }
}
