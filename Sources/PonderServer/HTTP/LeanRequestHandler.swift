import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Gathers one request's head and body on the connection's event loop, then answers it in a task that
/// runs on the same loop (`EventLoopTaskExecutor`), so a request never changes threads.
///
/// The body is kept up to one byte past `maxBodyBytes` and the rest is dropped as it arrives, so memory
/// stays bounded and the route still sees that the body was too large (413). An HTTP/1.1 client that
/// sends `Expect: 100-continue` is told to go on, unless the length it declares is over the limit (it
/// then gets its 413 once it sends anyway). A client that closes the connection (or its side of it)
/// cancels the task answering it: the search stops and makes no further backend calls. A client that
/// takes longer than `timeouts.requestRead` to send a request, or leaves a kept-alive connection idle
/// for `timeouts.idle`, is disconnected; a request being answered is never timed out here.
final class LeanRequestHandler<Responder: HTTPResponder>: ChannelInboundHandler, RemovableChannelHandler
where Responder.Context == PonderRequestContext {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: Responder
    private let maxBodyBytes: Int
    private let logger: Logger
    private let executor: EventLoopTaskExecutor
    private let timeouts: ConnectionTimeouts
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private let inFlight: AnswerInFlight

    /// What the connection is doing, and since when (for the timeouts).
    private enum Phase {
        case idle, reading, answering
    }
    private var phase = Phase.idle
    private var phaseStarted = NIODeadline.now()
    /// Counts requests, so that the end of one answer is not taken for the end of a later one.
    private var requestNumber = 0
    private var watchdog: RepeatedTask?

    init(
        responder: Responder, maxBodyBytes: Int, logger: Logger, timeouts: ConnectionTimeouts, inFlight: AnswerInFlight,
        channel: any Channel
    ) {
        self.responder = responder
        self.inFlight = inFlight
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
        self.timeouts = timeouts
        self.executor = EventLoopTaskExecutor(channel.eventLoop)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let channel = context.channel
        watchdog = context.eventLoop.scheduleRepeatedTask(initialDelay: timeouts.checkInterval, delay: timeouts.checkInterval) { _ in
            if handler.value.hasTimedOut(at: .now()) { channel.close(promise: nil) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        watchdog?.cancel()
        watchdog = nil
    }

    private func hasTimedOut(at now: NIODeadline) -> Bool {
        switch phase {
        case .idle: now - phaseStarted > timeouts.idle
        case .reading: now - phaseStarted > timeouts.requestRead
        case .answering: false
        }
    }

    private func enter(_ next: Phase) {
        phase = next
        phaseStarted = .now()
    }

    /// The answer to request `number` has been written.
    private func answered(_ number: Int) {
        if number == requestNumber, phase == .answering { enter(.idle) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            // A head that came in pieces started the request's time with its first byte already.
            if phase != .reading { enter(.reading) }
            if wantsContinue(head) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
        case .body(var part):
            let kept = body?.readableBytes ?? 0
            let room = maxBodyBytes + 1 - kept
            guard room > 0 else { return }
            if part.readableBytes > room { part = part.getSlice(at: part.readerIndex, length: room)! }
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let head else { return }
            self.head = nil
            let requestBody = body ?? ByteBuffer()
            body = nil
            requestNumber += 1
            enter(.answering)
            answer(head, body: requestBody, channel: context.channel)
        }
    }

    /// Bytes arrived but made no whole request head yet: the request's time starts with its first byte.
    func channelReadComplete(context: ChannelHandlerContext) {
        if phase == .idle { enter(.reading) }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        inFlight.cancel()
        context.fireChannelInactive()
    }

    /// The client closed its side. An HTTP/1.1 client does that when it gives up, so, as proxies do, the
    /// request being answered is abandoned (a client that half-closes and still waits is not served).
    /// What is already written goes out first: the close can arrive while an answer's end is being
    /// written, when the pipelining handler releases a request and the close it held behind it.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inFlight.cancel()
            context.flush()
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A request that cannot be parsed has had its 400 (from `HTTPServerProtocolErrorHandler`); the
    /// connection cannot be read any further, so it is closed.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inFlight.cancel()
        context.close(promise: nil)
    }

    /// RFC 9110: only HTTP/1.1 clients may expect 100 Continue; one that declares a body over the limit
    /// is not invited to send it.
    private func wantsContinue(_ head: HTTPRequestHead) -> Bool {
        guard head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1),
            head.headers.first(name: "expect")?.lowercased() == "100-continue"
        else { return false }
        let declared = head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
        return declared <= maxBodyBytes
    }

    private func answer(_ head: HTTPRequestHead, body: ByteBuffer, channel: any Channel) {
        let request = Request(head: HTTPRequest(http1Head: head), body: RequestBody(buffer: body))
        let keepAlive = head.isKeepAlive
        let version = head.version
        let responder = self.responder
        let logger = self.logger
        let handler = NIOLoopBound(self, eventLoop: channel.eventLoop)
        let number = requestNumber
        inFlight.start(
            Task(executorPreference: executor) {
                let context = PonderRequestContext(source: .init(channel: channel, logger: logger))
                let response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch {
                    logger.debug("Unrecognised error", metadata: ["error.type": "\(type(of: error))"])
                    response = Response(status: .internalServerError, body: .init())
                }
                await HTTP1Response.write(response, to: channel, version: version, keepAlive: keepAlive)
                // The task runs on the connection's event loop (its executor preference), so the handler may be touched.
                if channel.eventLoop.inEventLoop {
                    handler.value.answered(number)
                } else {
                    channel.eventLoop.execute { handler.value.answered(number) }
                }
            })
    }
}
