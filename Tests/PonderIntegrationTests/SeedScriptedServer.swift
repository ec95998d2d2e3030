import NIOCore
import NIOHTTP1
import Synchronization

/// A chat server for fan-out tests that answers each request by its `seed`: the script maps a seed to
/// the statuses of its successive requests (nil: never answer). Listens on 127.0.0.1 at a port the OS picks.
final class SeedScriptedServer: Sendable {
    let script: [Int: [Int?]]
    private let seen = Mutex<[Int: Int]>([:])

    init(script: [Int: [Int?]]) { self.script = script }

    /// Requests received per seed.
    var requests: [Int: Int] { seen.withLock { $0 } }

    static func with(script: [Int: [Int?]], _ body: (_ baseURL: String, SeedScriptedServer) async throws -> Void) async throws {
        let server = SeedScriptedServer(script: script)
        try await LoopbackTestServer.run(prepare: { channel in
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(SeedScriptedHandler(server: server))
        }) { channel in
            try await body("http://127.0.0.1:\(channel.localAddress?.port ?? 0)/v1", server)
        }
    }

    /// The status for this request of `seed`: its next scripted one (the last repeats); nil: no answer.
    func status(forSeed seed: Int) -> Int? {
        let count = seen.withLock { seen in
            seen[seed, default: 0] += 1
            return seen[seed]!
        }
        guard let statuses = script[seed], !statuses.isEmpty else { return 200 }
        return statuses[min(count, statuses.count) - 1]
    }
}

private final class SeedScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: SeedScriptedServer
    private var body = ByteBuffer()

    init(server: SeedScriptedServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            let text = String(buffer: body)
            let seed = text.firstRange(of: #""seed":"#).flatMap { Int(text[$0.upperBound...].prefix { $0.isNumber }) } ?? -1
            guard let status = server.status(forSeed: seed) else { return }
            let json =
                status == 200
                ? #"{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"seed \#(seed)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#
                : #"{"error":{"message":"scripted \#(status)","type":"invalid_request_error","param":null,"code":null}}"#
            var headers = HTTPHeaders([("Content-Type", "application/json")])
            headers.add(name: "Content-Length", value: String(json.utf8.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: json)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
