import NIOCore
import NIOPosix
@testable import PonderBackends
import Synchronization
import Testing

/// The lean client against a server that answers with raw bytes: framing by the close, a reset in
/// the middle of such a body, bytes dribbled one at a time, and bytes past the end of a response.
@Suite struct LeanRawResponseTests {
    @Test func aBodyFramedByTheCloseIsCompleteAtTheServersFINAndTheConnectionIsNotReused() async throws {
        try await RawServer.with(.init(bytes: ["HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello, ", "world"], end: .close)) { server in
            let client = LeanHTTPClient()
            for _ in 0..<2 {
                let response = try await client.execute(server.request, deadline: .now() + .seconds(10))
                #expect(response.status.code == 200)
                #expect(String(buffer: response.body) == "hello, world")
                #expect(response.headers.first(name: "content-type") == "text/plain")
            }
            #expect(server.accepted == 2)
            await client.shutdown()
        }
    }

    @Test func aResetInTheMiddleOfSuchABodyFailsTheCall() async throws {
        try await RawServer.with(.init(bytes: ["HTTP/1.0 200 OK\r\n\r\nhalf of it"], end: .reset)) { server in
            let client = LeanHTTPClient()
            await #expect(throws: (any Error).self) {
                _ = try await client.execute(server.request, deadline: .now() + .seconds(10))
            }
            await client.shutdown()
        }
    }

    @Test func aResponseDribbledAByteAtATimeIsReadWholeAndTheConnectionReused() async throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Note: slow\r\n\r\n4\r\nslow\r\n6\r\n, then\r\n0\r\n\r\n"
        try await RawServer.with(.init(bytes: text.map { String($0) }, end: .keepOpen)) { server in
            let client = LeanHTTPClient()
            for _ in 0..<2 {
                let response = try await client.execute(server.request, deadline: .now() + .seconds(10))
                #expect(String(buffer: response.body) == "slow, then")
            }
            #expect(server.accepted == 1)
            await client.shutdown()
        }
    }

    @Test func bytesPastTheEndOfAResponseEndTheConnection() async throws {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale"
        try await RawServer.with(.init(bytes: [text], end: .keepOpen)) { server in
            let client = LeanHTTPClient()
            for _ in 0..<2 {
                let response = try await client.execute(server.request, deadline: .now() + .seconds(10))
                #expect(String(buffer: response.body) == "ok")
            }
            #expect(server.accepted == 2, "the connection with the stray response was not reused")
            await client.shutdown()
        }
    }
}

/// Answers every request on a connection with the same bytes, each piece written and flushed on its
/// own, then keeps the connection, closes it, or resets it.
private final class RawServer: Sendable {
    struct Answer: Sendable {
        enum End: Sendable { case keepOpen, close, reset }
        var bytes: [String]
        var end: End
    }

    private let acceptedCount = Mutex(0)
    private let channel = Mutex<(any Channel)?>(nil)
    var accepted: Int { acceptedCount.withLock { $0 } }

    var request: LeanRequest {
        let port = channel.withLock { $0?.localAddress?.port ?? 0 }
        return LeanRequest(method: .POST, url: LeanURL("http://127.0.0.1:\(port)/v1/chat/completions")!, body: ByteBuffer(string: "{}"))
    }

    static func with(_ answer: Answer, _ body: (RawServer) async throws -> Void) async throws {
        let server = RawServer()
        try await LoopbackTestServer.run(prepare: { channel in
            server.acceptedCount.withLock { $0 += 1 }
            try channel.pipeline.syncOperations.addHandler(RawAnswerHandler(answer: answer))
        }) { channel in
            server.channel.withLock { $0 = channel }
            try await body(server)
        }
    }
}

/// Answers once the request's blank line and body (`{}`) have arrived.
private final class RawAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let answer: RawServer.Answer
    private var received = ""

    init(answer: RawServer.Answer) { self.answer = answer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += String(buffer: unwrapInboundIn(data))
        guard received.hasSuffix("\r\n\r\n{}") else { return }
        received = ""
        for piece in answer.bytes {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: piece)), promise: nil)
        }
        switch answer.end {
        case .keepOpen:
            break
        case .close:
            context.close(promise: nil)
        case .reset:
            // Linger zero: the close sends a reset instead of a FIN.
            let channel = context.channel
            guard let socket = channel as? any SocketOptionProvider else {
                channel.close(promise: nil)
                return
            }
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
