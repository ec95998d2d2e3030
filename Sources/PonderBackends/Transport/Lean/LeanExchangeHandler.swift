import NIOCore

/// Runs one exchange at a time on a keep-alive connection: writes the request in one piece, reads the
/// response with `LeanResponseParser`, then hands the connection back to the pool (or closes it).
///
/// All state lives here, on the channel's event loop. One timer per connection, re-armed lazily, serves
/// both the exchange deadline and the idle timeout: starting an exchange only compares two deadlines,
/// and the timer is rescheduled only when an exchange's deadline is earlier than the one armed, so
/// steady traffic schedules nothing per call.
final class LeanExchangeHandler: ChannelInboundHandler, NIOScheduledCallbackHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let pool: LeanHostPool
    private let idleTimeout: TimeAmount
    /// Set once the connect succeeded (the pool counts the connection from then on); cleared when the
    /// channel closes, which also breaks the connection ↔ handler reference cycle.
    var connection: LeanConnection?
    private var context: ChannelHandlerContext?

    private var current: LeanExchange?
    private var parser: LeanResponseParser?

    private var timer: NIOScheduledCallback?
    private var timerDeadline: NIODeadline?
    private var idleSince = NIODeadline.now()

    init(pool: LeanHostPool, idleTimeout: TimeAmount) {
        self.pool = pool
        self.idleTimeout = idleTimeout
    }

    // MARK: Driven by the pool

    func start(_ exchange: LeanExchange) {
        assert(current == nil, "a connection runs one exchange at a time")
        guard let context, let connection, context.channel.isActive else {
            // Closed by the server between the lease and now; nothing was sent, so another connection
            // can safely take the request.
            exchange.unclaim()
            pool.lease(exchange)
            return
        }
        if exchange.isCancelled {
            pool.offer(connection)
            exchange.finish(.failure(CancellationError()))
            return
        }
        if exchange.deadline <= .now() {
            pool.offer(connection)
            exchange.finish(.failure(LeanHTTPError.deadlineExceeded))
            return
        }
        current = exchange
        parser = LeanResponseParser(bodyLimit: exchange.responseLimit, requestHadNoBody: exchange.method == .HEAD)
        arm(at: exchange.deadline)
        context.writeAndFlush(wrapOutboundOut(exchange.wire), promise: nil)
    }

    func interrupt(_ exchange: LeanExchange) {
        // Not running here: already over, or not started yet (then `start` sees it was cancelled).
        guard current === exchange else { return }
        fail(CancellationError())
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
        connection = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        idleSince = .now()
        arm(at: idleSince + idleTimeout)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = current, parser != nil else {
            // A response nobody asked for: the connection's framing can no longer be trusted.
            context.close(promise: nil)
            return
        }
        do {
            if let response = try parser!.consume(unwrapInboundIn(data)) {
                complete(exchange, response: response, context: context)
            }
        } catch {
            fail(error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if current != nil {
            fail(error)
        } else {
            context.close(promise: nil)
        }
    }

    /// The server finished sending (the connector allows half-closure, so a FIN arrives as this event
    /// rather than as the channel going inactive, which a reset or a local close also cause): a body
    /// framed by the close is complete; anything else in flight is cut short. Either way the connection ends.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let event = event as? ChannelEvent, event == .inputClosed else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if let exchange = current, let response = parser?.connectionClosed() {
            complete(exchange, response: response, context: context)
        } else {
            fail(LeanHTTPError.connectionClosed(detail: "the server closed the connection before the response was complete"))
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        fail(LeanHTTPError.connectionClosed(detail: "the server closed the connection before the response was complete"))
        if let connection {
            self.connection = nil
            pool.closed(connection)
        }
        context.fireChannelInactive()
    }

    // MARK: Timer

    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        timerDeadline = nil
        let now = NIODeadline.now()
        if let exchange = current {
            if exchange.deadline <= now {
                fail(LeanHTTPError.deadlineExceeded)
            } else {
                arm(at: exchange.deadline)
            }
        } else if let connection {
            let expiry = idleSince + idleTimeout
            if expiry > now {
                arm(at: expiry)
            } else if pool.retire(connection) {
                context?.close(promise: nil)
            }
            // Not retired: the pool just leased it, and `start` arms the timer again.
        }
    }

    /// Makes sure the timer fires no later than `deadline`.
    private func arm(at deadline: NIODeadline) {
        if let timerDeadline, timerDeadline <= deadline { return }
        guard let context else { return }
        timer?.cancel()
        timer = try? context.eventLoop.assumeIsolated().scheduleCallback(at: deadline, handler: self)
        timerDeadline = deadline
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    // MARK: Ending an exchange

    private func complete(_ exchange: LeanExchange, response: LeanResponseParser.Response, context: ChannelHandlerContext) {
        current = nil
        parser = nil
        idleSince = .now()
        // Back to the pool before the caller resumes, so its next call finds this connection idle.
        if response.reusable, context.channel.isActive, let connection {
            pool.offer(connection)
        } else {
            context.close(promise: nil)
        }
        exchange.finish(.success(LeanResponse(head: response.head, body: response.body)))
    }

    /// Fails the running exchange and closes the connection: its state mid-response is unknown.
    private func fail(_ error: any Error) {
        guard let exchange = current else { return }
        current = nil
        parser = nil
        context?.close(promise: nil)
        exchange.finish(.failure(error))
    }
}
