import NIOCore
import NIOHTTP1

/// Runs one exchange at a time on a keep-alive connection: writes the request in one piece,
/// gathers the response into one buffer, then hands the connection back to the pool (or closes it).
///
/// All state lives here, on the channel's event loop. One timer per connection, re-armed lazily, serves
/// both the exchange deadline and the idle timeout: starting an exchange only compares two deadlines,
/// and the timer is rescheduled only when an exchange's deadline is earlier than the one armed, so
/// steady traffic schedules nothing per call.
final class LeanExchangeHandler: ChannelInboundHandler, NIOScheduledCallbackHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let pool: LeanHostPool
    private let idleTimeout: TimeAmount
    /// Set once the connect succeeded (the pool counts the connection from then on); cleared when the
    /// channel closes, which also breaks the connection ↔ handler reference cycle.
    var connection: LeanConnection?
    private var context: ChannelHandlerContext?

    private var current: LeanExchange?
    private var responseHead: HTTPResponseHead?
    private var responseBody: ByteBuffer?

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
        arm(at: exchange.deadline)
        // The head part only tells the response decoder the method; the bytes are the wire form.
        context.write(wrapOutboundOut(.head(LeanRequestWriter.methodHead(exchange.method))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(exchange.wire))), promise: nil)
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
        guard let exchange = current else {
            // A response nobody asked for: the connection's framing can no longer be trusted.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let length = head.headers.first(name: "Content-Length").flatMap({ Int($0) }), length > exchange.responseLimit {
                fail(LeanHTTPError.responseTooLarge(limit: exchange.responseLimit))
                return
            }
            responseHead = head
        case .body(var chunk):
            if responseBody == nil {
                responseBody = chunk
            } else {
                responseBody!.writeBuffer(&chunk)
            }
            if responseBody!.readableBytes > exchange.responseLimit {
                fail(LeanHTTPError.responseTooLarge(limit: exchange.responseLimit))
            }
        case .end:
            complete(exchange, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if current != nil {
            fail(error)
        } else {
            context.close(promise: nil)
        }
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

    private func complete(_ exchange: LeanExchange, context: ChannelHandlerContext) {
        guard let head = responseHead else {
            fail(LeanHTTPError.connectionClosed(detail: "the response ended without a head"))
            return
        }
        current = nil
        responseHead = nil
        let body = responseBody ?? context.channel.allocator.buffer(capacity: 0)
        responseBody = nil
        idleSince = .now()
        // Back to the pool before the caller resumes, so its next call finds this connection idle.
        if head.isKeepAlive, context.channel.isActive, let connection {
            pool.offer(connection)
        } else {
            context.close(promise: nil)
        }
        exchange.finish(.success(LeanResponse(status: head.status, headers: head.headers, body: body)))
    }

    /// Fails the running exchange and closes the connection: its state mid-response is unknown.
    private func fail(_ error: any Error) {
        guard let exchange = current else { return }
        current = nil
        responseHead = nil
        responseBody = nil
        context?.close(promise: nil)
        exchange.finish(.failure(error))
    }
}
