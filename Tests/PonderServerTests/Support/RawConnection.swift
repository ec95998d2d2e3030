import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection that sends bytes as given and collects what comes back, for tests that need
/// what an HTTP client library hides: interim responses, pipelining, malformed requests, closes.
final class RawConnection: Sendable {
    private let channel: any Channel
    private let collector: Collector

    static func open(port: Int) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
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

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = Mutex((text: "", closed: false))

        var text: String { state.withLock { $0.text } }
        var closed: Bool { state.withLock { $0.closed } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = unwrapInboundIn(data)
            state.withLock { $0.text += String(buffer: bytes) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closed = true }
        }
    }
}

extension String {
    /// How many times `piece` occurs.
    func occurrences(of piece: String) -> Int { components(separatedBy: piece).count - 1 }
}
