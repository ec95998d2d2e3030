import AsyncHTTPClient
import Foundation
import NIOCore
import PonderCore
import PonderSim

/// Starts a sim server with an HTTP client for one test, and always shuts both down.
func withSim<T: Sendable>(
    _ configuration: SimConfiguration = SimConfiguration(), _ body: (SimHTTP) async throws -> T
) async throws -> T {
    let sim = try await SimServer.start(configuration)
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let http = SimHTTP(sim: sim, client: client)
    do {
        let result = try await body(http)
        try await client.shutdown()
        await sim.stop()
        return result
    } catch {
        try? await client.shutdown()
        await sim.stop()
        throw error
    }
}

/// A raw HTTP response: status, headers and body bytes.
struct RawResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: Data(body)) }

    /// The `data:` payloads of an SSE body.
    var events: [String] {
        text.components(separatedBy: "\n\n").compactMap { block in
            block.hasPrefix("data: ") ? String(block.dropFirst(6)) : nil
        }
    }
}

struct SimHTTP: Sendable {
    let sim: RunningSim
    let client: HTTPClient

    func post(_ path: String, json: String, timeout: TimeAmount = .seconds(20)) async throws -> RawResponse {
        var request = HTTPClientRequest(url: sim.rootURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        return try await execute(request, timeout: timeout)
    }

    func post<Body: Encodable>(_ path: String, _ body: Body, timeout: TimeAmount = .seconds(20)) async throws
        -> RawResponse
    {
        let data = try JSONEncoder().encode(body)
        return try await post(path, json: String(decoding: data, as: UTF8.self), timeout: timeout)
    }

    func get(_ path: String) async throws -> RawResponse {
        try await execute(HTTPClientRequest(url: sim.rootURL + path), timeout: .seconds(20))
    }

    func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> RawResponse {
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 << 20)
        return RawResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: Array(body.readableBytesView))
    }
}

/// A problem with a known answer for HTTP tests.
let sampleProblem = SimProblemGenerator.generate(count: 1, seed: 5, difficulty: .level(3))[0]

func chatJSON(
    _ content: String = sampleProblem.question, model: String = "sim-reasoner", extra: String = ""
) -> String {
    let message = String(decoding: try! JSONEncoder().encode(ChatMessage.user(content)), as: UTF8.self)
    return "{\"model\":\"\(model)\",\"messages\":[\(message)]\(extra.isEmpty ? "" : "," + extra)}"
}

func completionJSON(_ prompt: String, extra: String = "") -> String {
    let quoted = String(decoding: try! JSONEncoder().encode(prompt), as: UTF8.self)
    return "{\"model\":\"sim-reasoner\",\"prompt\":\(quoted)\(extra.isEmpty ? "" : "," + extra)}"
}
