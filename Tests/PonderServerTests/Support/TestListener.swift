import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP listener on 127.0.0.1, on a free port, that counts the connections it accepts. With a
/// `reply`, it answers each connection's first request head with the bytes `reply` makes of it, then
/// closes; without, it closes at once.
final class TestListener: Sendable {
    let port: Int
    private let channel: any Channel
    private let counter: Counter

    /// Connections accepted so far.
    var connections: Int { counter.value.load(ordering: .acquiring) }

    private init(port: Int, channel: any Channel, counter: Counter) {
        self.port = port
        self.channel = channel
        self.counter = counter
    }

    static func start(reply: (@Sendable (String) -> String)? = nil) async throws -> TestListener {
        let counter = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counter.value.add(1, ordering: .releasing)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Responder(reply: reply))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestListener(port: channel.localAddress?.port ?? 0, channel: channel, counter: counter)
    }

    /// Connects once and returns when the listener has counted that connection. Connections are
    /// accepted in the order they arrive, so every connection made before this one has been counted
    /// too: a test reads `connections` after this instead of sleeping.
    func settle() async throws {
        let before = connections
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        while connections <= before { await Task.yield() }
        try? await client.close()
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let reply: (@Sendable (String) -> String)?
        var received = ""

        init(reply: (@Sendable (String) -> String)?) { self.reply = reply }

        func channelActive(context: ChannelHandlerContext) {
            if reply == nil { context.close(promise: nil) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let reply else { return }
            received += String(buffer: unwrapInboundIn(data))
            guard received.contains("\r\n\r\n") else { return }
            let bytes = ByteBuffer(string: reply(received))
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
