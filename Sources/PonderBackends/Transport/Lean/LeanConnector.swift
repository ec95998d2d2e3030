import NIOCore
import NIOPosix

/// Opens connections for the lean client: TCP (no TLS) with a connect timeout and an exchange handler
/// wired to the host's pool.
struct LeanConnector: Sendable {
    let group: any EventLoopGroup
    let connectTimeout: TimeAmount
    let idleTimeout: TimeAmount
    /// The identities of `group`'s event loops.
    private let homes: [ObjectIdentifier]

    init(group: any EventLoopGroup, connectTimeout: TimeAmount, idleTimeout: TimeAmount) {
        self.group = group
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.homes = group.makeIterator().map { ObjectIdentifier($0) }
    }

    /// The caller's own event loop when it is one of `group`'s (a handler running on its connection's
    /// loop then gets upstream answers on the same thread), else nil.
    func callersLoop() -> (any EventLoop)? {
        guard let current = MultiThreadedEventLoopGroup.currentEventLoop, homes.contains(ObjectIdentifier(current)) else {
            return nil
        }
        return current
    }

    func connect(to url: LeanURL, pool: LeanHostPool) -> EventLoopFuture<LeanConnection> {
        let idleTimeout = self.idleTimeout
        let bootstrap = ClientBootstrap(group: callersLoop() ?? group.next())
            .connectTimeout(connectTimeout)
            // Reads start at 1 KB (NIO's default is 2 KB) and grow for long answers: with ten thousand
            // upstream connections open that is 7 MB less resident (`ponder bench optillm --part scale`).
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 1024, maximum: 65536))
            // The server's FIN arrives as an event of its own, telling a body that ends with the
            // connection apart from a reset or a local close (`LeanExchangeHandler`).
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The exchange handler writes each request's bytes and parses the response itself.
                    try channel.pipeline.syncOperations.addHandler(LeanExchangeHandler(pool: pool, idleTimeout: idleTimeout))
                }
            }
        // An address literal skips the resolver.
        let channel: EventLoopFuture<any Channel> =
            if let address = try? SocketAddress(ipAddress: url.host, port: url.port) {
                bootstrap.connect(to: address)
            } else {
                bootstrap.connect(host: url.host, port: url.port)
            }
        return channel.flatMapThrowing { channel in
            guard channel.isActive else {
                throw LeanHTTPError.connectionClosed(detail: "the connection closed as soon as it opened")
            }
            let handler = try channel.pipeline.syncOperations.handler(type: LeanExchangeHandler.self)
            let connection = LeanConnection(channel: channel, handler: handler)
            handler.connection = connection
            return connection
        }
    }
}
