import AsyncHTTPClient
import Foundation
import NIOCore
import PonderBackends
import PonderCore
import PonderEngine
import Testing

/// Every test against the real model, one at a time: the tests compare Ponder's token counts with the
/// server's own counters, so no other test may use the server meanwhile.
@Suite(.serialized, .enabled(if: RealModel.isAvailable, "needs PONDER_REAL_MODEL_URL (scripts/test starts the real model)"))
struct RealModelTests {}

/// The real model the suite runs against: llama.cpp's server with SmolLM2-135M-Instruct on the CPU,
/// started by `scripts/real-model.sh` and named by `PONDER_REAL_MODEL_URL` (`scripts/test` does both).
enum RealModel {
    static let url = ProcessInfo.processInfo.environment["PONDER_REAL_MODEL_URL"]
    static let isAvailable = url != nil

    /// `Examples/real-model`: its few-shot prompt, presets and problem set.
    static let home: String = {
        var path = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { path.deleteLastPathComponent() }
        return path.path + "/Examples/real-model"
    }()

    static func configuration() throws -> PonderConfiguration {
        try PonderConfiguration.singleEndpoint(urls: [url ?? ""], model: nil)
    }

    static func engine() async throws -> Engine {
        try await Engine.start(
            configuration: try configuration(), strategiesFolder: home + "/Strategies", promptsFolder: home + "/Prompts")
    }

    /// A client of the server with nothing configured: every quirk is learned.
    static func client() -> EndpointClient {
        EndpointClient(configuration: EndpointConfiguration(name: "smollm2", model: "smollm2", replicas: [(url ?? "") + "/v1"]))
    }

    /// The server's own token counters (`GET /metrics`, llama.cpp's Prometheus text).
    struct Counters: Equatable, CustomStringConvertible {
        /// Prompt tokens it evaluated (not taken from its cache).
        var promptTokens: Int
        var cachedPromptTokens: Int
        var predictedTokens: Int

        static func - (a: Counters, b: Counters) -> Counters {
            Counters(
                promptTokens: a.promptTokens - b.promptTokens, cachedPromptTokens: a.cachedPromptTokens - b.cachedPromptTokens,
                predictedTokens: a.predictedTokens - b.predictedTokens)
        }

        var description: String { "evaluated prompt \(promptTokens), cached \(cachedPromptTokens), predicted \(predictedTokens)" }
    }

    static func counters() async throws -> Counters {
        let text = try await get("/metrics")
        func value(_ name: String) -> Int {
            for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
                return Int(Double(line.split(separator: " ").last ?? "") ?? -1)
            }
            return -1
        }
        return Counters(
            promptTokens: value("llamacpp:prompt_tokens_total"),
            cachedPromptTokens: value("llamacpp:prompt_tokens_cached_total"),
            predictedTokens: value("llamacpp:tokens_predicted_total"))
    }

    /// How many tokens the server makes of a text (`POST /tokenize`).
    static func tokenCount(_ text: String) async throws -> Int {
        struct Tokens: Decodable { var tokens: [Int] }
        let body = try JSONEncoder().encode(["content": text])
        let answer = try await post("/tokenize", body: body)
        return try JSONDecoder().decode(Tokens.self, from: Data(answer.utf8)).tokens.count
    }

    static func get(_ path: String) async throws -> String {
        try await send(HTTPClientRequest(url: (url ?? "") + path))
    }

    static func post(_ path: String, body: Data) async throws -> String {
        var request = HTTPClientRequest(url: (url ?? "") + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request)
    }

    private static func send(_ request: HTTPClientRequest) async throws -> String {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 8 << 20)
        return String(buffer: body)
    }
}
