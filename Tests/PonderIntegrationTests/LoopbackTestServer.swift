import NIOCore
import NIOPosix

/// A plain NIO server on 127.0.0.1 at a port the OS picks, for tests that need a server of their own
/// making: `prepare` sets up each accepted connection; the server closes when `body` ends.
enum LoopbackTestServer {
    static func run(
        prepare: @escaping @Sendable (any Channel) throws -> Void, _ body: (any Channel) async throws -> Void
    ) async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in channel.eventLoop.makeCompletedFuture { try prepare(channel) } }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(channel)
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }
}
