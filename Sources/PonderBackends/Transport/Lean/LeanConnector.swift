import NIOCore
import NIOHTTP1
import NIOPosix

/// Opens connections for the lean client: TCP (no TLS) with a connect timeout, HTTP/1.1 codec, and an
/// exchange handler wired to the host's pool.
struct LeanConnector: Sendable {
    let group: any EventLoopGroup
    let connectTimeout: TimeAmount
    let idleTimeout: TimeAmount

    func connect(to url: LeanURL, pool: LeanHostPool) -> EventLoopFuture<LeanConnection> {
        let idleTimeout = self.idleTimeout
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
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
