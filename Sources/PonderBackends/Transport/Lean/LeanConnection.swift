import NIOCore

/// One keep-alive connection to a host, as the pool sees it: a channel and the handler that runs one
/// exchange at a time on it.
///
/// Every method may be called from any thread; the work runs on the channel's event loop, where all the
/// connection's state lives (in `LeanExchangeHandler`).
final class LeanConnection: LeanPoolMember, Sendable {
    let channel: any Channel
    let home: ObjectIdentifier
    private let handler: NIOLoopBound<LeanExchangeHandler>

    init(channel: any Channel, handler: LeanExchangeHandler) {
        self.channel = channel
        self.home = ObjectIdentifier(channel.eventLoop)
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    /// False once the channel closed, even before the handler heard of it.
    var isActive: Bool { channel.isActive }

    /// Sends the exchange's request and reads its response, from a task scheduled on the connection's
    /// event loop, or at once when `mayStartHere` and the caller is on that loop already (a caller
    /// leasing an idle connection; the pool hands out one on the caller's loop). A connection handed on
    /// as its previous answer is read must not start there: the rest of that read comes first.
    func run(_ exchange: LeanExchange, mayStartHere: Bool = false) {
        if mayStartHere, channel.eventLoop.inEventLoop {
            handler.value.start(exchange)
        } else {
            channel.eventLoop.execute { self.handler.value.start(exchange) }
        }
    }

    /// Fails the exchange if it is still running here, and closes the connection.
    func interrupt(_ exchange: LeanExchange) {
        channel.eventLoop.execute { self.handler.value.interrupt(exchange) }
    }

    func close() {
        channel.close(promise: nil)
    }
}
