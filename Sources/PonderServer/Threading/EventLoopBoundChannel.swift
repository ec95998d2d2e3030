import HummingbirdCore
import Logging
import NIOCore

/// A server child channel whose handler runs on the connection's own event loop (see
/// `EventLoopTaskExecutor`); set-up and behaviour are the wrapped channel's.
struct EventLoopBoundChannel<Wrapped: ServerChildChannel>: ServerChildChannel {
    typealias Value = Wrapped.Value
    let wrapped: Wrapped

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        wrapped.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await wrapped.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1, with each connection's requests handled on the connection's event loop.
    static func eventLoopBoundHTTP1() -> HTTPServerBuilder {
        HTTPServerBuilder { responder in EventLoopBoundChannel(wrapped: HTTP1Channel(responder: responder)) }
    }
}
