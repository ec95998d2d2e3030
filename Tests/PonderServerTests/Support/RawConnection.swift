import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection that sends bytes as given and collects what comes back, for tests that need
/// what an HTTP client library hides: interim responses, pipelining, malformed requests, closes.
final class RawConnection: Sendable {
    private let channel: any Channel
    private let collector: Collector

    /// - Parameters:
    ///   - first: bytes sent the moment the connection is made, on its event loop, so that a test of
    ///     short server timeouts is not at the mercy of how soon a loaded machine runs the test again.
    ///   - followsServerClose: when the server ends its sending side, close this connection too (false:
    ///     it stays open for sending until `close()`; a server that has closed it whole shows as a send
    ///     that fails).
    static func open(port: Int, sending first: String? = nil, followsServerClose: Bool = true) async throws -> RawConnection {
        let collector = Collector(first: first, followsServerClose: followsServerClose)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Everything received so far.
    var received: String { collector.text }
    var isClosed: Bool { collector.closed }

    /// Waits (polling every 10 ms, up to `seconds`) until `condition` holds of what was received.
    @discardableResult
    func wait(seconds: Double = 10, until condition: (String, Bool) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(received, isClosed) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(received, isClosed)
    }

    func close() async {
        try? await channel.close()
    }

    /// Closes the sending side only (a TCP half-close); what the server sends can still be read.
    func shutdownOutput() async throws {
        try await channel.close(mode: .output)
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = Mutex((text: "", closed: false))
        private let first: String?
        private let followsServerClose: Bool

        init(first: String?, followsServerClose: Bool) {
            self.first = first
            self.followsServerClose = followsServerClose
        }

        func channelActive(context: ChannelHandlerContext) {
            if let first { context.writeAndFlush(NIOAny(ByteBuffer(string: first)), promise: nil) }
            context.fireChannelActive()
        }

        var text: String { state.withLock { $0.text } }
        var closed: Bool { state.withLock { $0.closed } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = unwrapInboundIn(data)
            state.withLock { $0.text += String(buffer: bytes) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closed = true }
        }

        /// The server closed its side (half-closure is allowed so that this side can close its own
        /// sending side and still read): counted as closed.
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed {
                state.withLock { $0.closed = true }
                if followsServerClose { context.close(promise: nil) }
            }
            context.fireUserInboundEventTriggered(event)
        }
    }
}

extension String {
    /// The complete responses at the start of this text, read as HTTP/1.1 responses framed by
    /// `Content-Length` (interim 1xx responses skipped): each one's head and body. A response still
    /// arriving is left out.
    var completeResponses: [(head: String, body: String)] {
        var responses: [(head: String, body: String)] = []
        var rest = Substring(self)
        while let headEnd = rest.range(of: "\r\n\r\n") {
            let head = String(rest[..<headEnd.lowerBound])
            let afterHead = rest[headEnd.upperBound...]
            if head.hasPrefix("HTTP/1.1 1") {
                rest = afterHead
                continue
            }
            let lengthLine = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            guard let length = lengthLine.flatMap({ Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }),
                afterHead.utf8.count >= length
            else { break }
            let bodyEnd = afterHead.utf8.index(afterHead.startIndex, offsetBy: length)
            responses.append((head, String(afterHead[..<bodyEnd])))
            rest = afterHead[bodyEnd...]
        }
        return responses
    }
}
