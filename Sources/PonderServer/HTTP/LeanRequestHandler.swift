import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Gathers each request's head and body on the connection's event loop, answers it in the connection's
/// answering task, which runs on the same loop (`EventLoopTaskExecutor`), so a request never changes
/// threads, and writes the response bytes straight to the socket.
///
/// The body is kept up to one byte past `maxBodyBytes` and the rest is dropped as it arrives, so memory
/// stays bounded and the route still sees that the body was too large (413). An HTTP/1.1 client that
/// sends `Expect: 100-continue` is told to go on (once the answers before its request are written),
/// unless the length it declares is over the limit: it then gets its 413 at once, in place of the 100
/// (RFC 9110 §10.1.1), and the connection closes as after a 400 (when answers before it are still
/// being written, it gets the 413 once it sends anyway).
/// Pipelined requests wait their turn (`PipelinedRequests`);
/// the connection keeps reading while a request is answered, so a close from the client is seen at
/// once and no read interest is switched off and on per request. A client that closes the connection
/// (or its side of it) cancels the task answering it: the search stops and makes no further backend
/// calls. A client that takes longer than `timeouts.requestRead` to send a request, or leaves a
/// kept-alive connection idle for `timeouts.idle`, is disconnected; a request being answered is never
/// timed out here. Requests are read by `HTTP1RequestParser`; one that cannot be parsed gets 400 and the
/// connection closes in stages (see `lingerAfterBadRequest`). A draining server
/// (`ChannelShouldQuiesceEvent`) has the request being read or answered finished, its response saying
/// `Connection: close`, then the connection closed.
final class LeanRequestHandler<Responder: RequestAnswering>: ChannelInboundHandler, RemovableChannelHandler, NIOScheduledCallbackHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let responder: Responder
    private let maxBodyBytes: Int
    private let logger: Logger
    private let executor: EventLoopTaskExecutor
    private let timeouts: ConnectionTimeouts
    private var parser = HTTP1RequestParser()
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private let inFlight: AnswerInFlight
    private var context: ChannelHandlerContext?

    /// What the connection is doing, and since when (for the timeouts).
    private enum Phase {
        /// `lingering`: after a 400 for unparseable bytes, bounded by `timeouts.badRequestLinger` alone.
        case idle, reading, answering, lingering
    }
    private var phase = Phase.idle
    private var phaseStarted = NIODeadline.now()
    /// Checks the timeouts; re-armed from its own callback, so no promise or future is made per check.
    private var watchdog: NIOScheduledCallback?

    private var pipelined = PipelinedRequests()
    private var readsPaused = false
    /// The connection closes once the current answer is written (draining, or the client closed its side).
    private var closesAfterAnswer = false
    /// Requests that end from now on are not answered.
    private var acceptsNoMore = false
    /// A request read while another was answered asked for 100 Continue: sent once that answer is out.
    private var continueOwed = false
    /// A parse error came while an answer was being written: 400 once the requests before it are answered.
    private var badRequestOwed = false
    /// The 400 for unparseable bytes is out and the connection only drops what still arrives until it closes.
    private var lingering = false
    private var lingerEnd: Scheduled<Void>?
    /// The connection's answering task, waiting for the next request. One task answers a connection's
    /// requests in turn, so a request costs a resumption, not a task made and torn down with its stack
    /// of async frames (which spans many allocator slabs); released after `timeouts.answererKeep` idle.
    private var answerer: UnsafeContinuation<PipelinedRequests.Request?, Never>?

    init(
        responder: Responder, maxBodyBytes: Int, logger: Logger, timeouts: ConnectionTimeouts, inFlight: AnswerInFlight,
        executor: EventLoopTaskExecutor
    ) {
        self.responder = responder
        self.inFlight = inFlight
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
        self.timeouts = timeouts
        self.executor = executor
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        armWatchdog(context: context, now: .now())
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        watchdog = nil
        guard let context else { return }
        let now = NIODeadline.now()
        if hasTimedOut(at: now) {
            context.close(promise: nil)
        } else {
            if phase == .idle, now - phaseStarted >= timeouts.answererKeep { releaseAnswerer() }
            armWatchdog(context: context, now: now)
        }
    }

    /// The next check: when the current phase would time out, or after `checkInterval` at the latest, so
    /// that a phase begun later with a shorter limit is not checked late.
    private func armWatchdog(context: ChannelHandlerContext, now: NIODeadline) {
        var next = now + timeouts.checkInterval
        if let limit = phaseLimit { next = min(next, phaseStarted + limit + .nanoseconds(1)) }
        watchdog = try? context.eventLoop.assumeIsolated().scheduleCallback(at: next, handler: self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        watchdog?.cancel()
        watchdog = nil
        lingerEnd?.cancel()
        lingerEnd = nil
        self.context = nil
        releaseAnswerer()
    }

    /// How long the current phase may last; an answer being written is never timed out here.
    private var phaseLimit: TimeAmount? {
        switch phase {
        case .idle: timeouts.idle
        case .reading: timeouts.requestRead
        case .answering, .lingering: nil
        }
    }

    private func hasTimedOut(at now: NIODeadline) -> Bool {
        guard let limit = phaseLimit else { return false }
        return now - phaseStarted > limit
    }

    private func enter(_ next: Phase) {
        phase = next
        phaseStarted = .now()
    }

    // MARK: Reading requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !lingering else { return }
        parser.append(unwrapInboundIn(data))
        do {
            while !lingering, let event = try parser.next() {
                switch event {
                case .head(let head, let bodyLength): received(head, bodyLength: bodyLength, context: context)
                case .body(let part): received(part)
                case .end: requestEnded(context: context)
                }
            }
        } catch {
            logger.debug("unparseable request", metadata: ["reason": "\(error.detail)"])
            unparseable(context: context)
        }
    }

    private func received(_ head: HTTPRequestHead, bodyLength: Int?, context: ChannelHandlerContext) {
        self.head = head
        body = nil
        // A head that came in pieces started the request's time with its first byte already.
        if phase == .idle { enter(.reading) }
        continueOwed = false
        if expectsContinue(head) && (bodyLength ?? 0) > maxBodyBytes && phase != .answering {
            acceptsNoMore = true
            pipelined.removeAll()
            lingerAfterRefusal(HTTP1ResponseHead.tooLargeBytes(limit: maxBodyBytes), context: context)
            return
        }
        if wantsContinue(head, bodyLength: bodyLength) {
            if phase == .answering {
                continueOwed = true
            } else {
                context.writeAndFlush(wrapOutboundOut(HTTP1ResponseHead.continueBytes), promise: nil)
            }
        }
    }

    private func received(_ part: ByteBuffer) {
        var part = part
        let kept = body?.readableBytes ?? 0
        let room = maxBodyBytes + 1 - kept
        guard room > 0 else { return }
        if part.readableBytes > room { part = part.getSlice(at: part.readerIndex, length: room)! }
        if body == nil { body = part } else { body!.writeBuffer(&part) }
    }

    private func requestEnded(context: ChannelHandlerContext) {
        guard let head else { return }
        self.head = nil
        continueOwed = false
        let request = PipelinedRequests.Request(head: head, body: body ?? ByteBuffer())
        body = nil
        guard !acceptsNoMore else { return }
        if closesAfterAnswer { acceptsNoMore = true }
        if phase == .answering {
            pipelined.append(request)
            if pipelined.isFull { setReading(false, context: context) }
        } else {
            answer(request, channel: context.channel)
        }
    }

    /// Bytes arrived but made no whole request head yet: the request's time starts with its first byte.
    func channelReadComplete(context: ChannelHandlerContext) {
        if phase == .idle, parser.isWithinARequest { enter(.reading) }
        context.fireChannelReadComplete()
    }

    private func setReading(_ reads: Bool, context: ChannelHandlerContext) {
        guard readsPaused == reads else { return }
        readsPaused = !reads
        try? context.channel.syncOptions?.setOption(.autoRead, value: reads)
    }

    /// RFC 9110: only HTTP/1.1 clients may expect 100 Continue; one that declares a body over the limit
    /// (`bodyLength`, as the parser read the framing; nil for chunked) is not invited to send it.
    private func wantsContinue(_ head: HTTPRequestHead, bodyLength: Int?) -> Bool {
        expectsContinue(head) && (bodyLength ?? 0) <= maxBodyBytes
    }

    private func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        (head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1))
            && head.headers.first(name: "expect")?.lowercased() == "100-continue"
    }

    // MARK: Closing

    func channelInactive(context: ChannelHandlerContext) {
        inFlight.cancel()
        pipelined.removeAll()
        releaseAnswerer()
        context.fireChannelInactive()
    }

    /// The client closed its side. An HTTP/1.1 client does that when it gives up, so, as proxies do, the
    /// request being answered is abandoned (a client that half-closes and still waits is not served).
    /// A client that pipelined requests and then closed its side still gets the answer being made; the
    /// requests behind it are dropped. What is already written goes out before the close. A connection
    /// lingering after a 400 just stops reading: once the 400 is out and its sending side shut, it is
    /// closed whole, and a drain leaves it to end within its linger.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let event as ChannelEvent where event == .inputClosed && lingering:
            break  // the 400 may still be on its way; its write ends the connection
        case is ChannelShouldQuiesceEvent where lingering:
            break
        case let event as ChannelEvent where event == .inputClosed:
            if phase == .answering, !pipelined.isEmpty {
                pipelined.removeAll()
                closesAfterAnswer = true
                acceptsNoMore = true
            } else {
                inFlight.cancel()
                context.flush()
                context.close(promise: nil)
            }
        case is ChannelShouldQuiesceEvent:
            pipelined.removeAll()
            closesAfterAnswer = true
            switch phase {
            case .answering: acceptsNoMore = true
            case .reading where head != nil: break  // the request being read is answered, then the connection closes
            case .idle, .reading: context.close(promise: nil)
            case .lingering: break  // taken above: it ends within its linger
            }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Bytes that cannot be parsed get 400 and the connection closes, since it cannot be read any
    /// further. Requests that came whole before them are answered first (the 400 waits its turn, as a
    /// pipelined request would).
    private func unparseable(context: ChannelHandlerContext) {
        acceptsNoMore = true
        if phase == .answering {
            badRequestOwed = true
            return
        }
        pipelined.removeAll()
        lingerAfterBadRequest(context: context)
    }

    /// An error from the connection itself (the parser's are handled where they arise): it closes at once.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inFlight.cancel()
        pipelined.removeAll()
        context.close(promise: nil)
    }

    /// Writes the 400, ends the connection's sending side after it, and drops what the client still
    /// sends until the client closes or `timeouts.badRequestLinger` passes, then closes.
    ///
    /// The parser stops partway through a request (a head past its limit, say) while the rest may still
    /// be arriving. Closing with bytes unread, or with bytes still to arrive, makes the kernel reset the
    /// connection, and a client still sending then sees the reset, not the 400 (RFC 9112, section 9.6);
    /// closing in stages, as nginx's lingering close does, lets it finish sending and read the answer.
    private func lingerAfterBadRequest(context: ChannelHandlerContext) {
        lingerAfterRefusal(HTTP1ResponseHead.badRequestBytes, context: context)
    }

    /// Writes `refusal` (a 400, or a 413 in place of 100 Continue) and closes in stages, as above.
    private func lingerAfterRefusal(_ refusal: ByteBuffer, context: ChannelHandlerContext) {
        lingering = true
        // The linger bounds the connection from here: not the idle limit (counted from the last answer) nor the request's.
        enter(.lingering)
        let channel = context.channel
        setReading(true, context: context)
        context.writeAndFlush(wrapOutboundOut(refusal)).whenComplete { result in
            switch result {
            case .success: channel.close(mode: .output, promise: nil)
            case .failure: channel.close(promise: nil)
            }
        }
        lingerEnd = context.eventLoop.scheduleTask(in: timeouts.badRequestLinger) { channel.close(promise: nil) }
    }

    /// Closes the connection once everything written to it has reached the socket.
    private func closeWhenWritten(context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    // MARK: Answering

    /// What the answering task does once an answer is written.
    private enum AfterAnswer {
        /// The connection takes no more requests.
        case end
        /// Answer this one, which was waiting.
        case answer(PipelinedRequests.Request)
        /// Wait for the client's next request.
        case wait
    }

    /// The current answer has been written; `closes`: the connection must close after it.
    private func answered(closes: Bool) -> AfterAnswer {
        guard let context, phase == .answering else { return .end }
        if closes || closesAfterAnswer {
            pipelined.removeAll()
            acceptsNoMore = true
            closeWhenWritten(context: context)
            return .end
        }
        if let next = pipelined.next() {
            setReading(true, context: context)
            enter(.answering)
            return .answer(next)
        }
        if badRequestOwed {
            lingerAfterBadRequest(context: context)
            return .end
        }
        enter(head == nil && !parser.isWithinARequest ? .idle : .reading)
        if continueOwed {
            continueOwed = false
            context.writeAndFlush(wrapOutboundOut(HTTP1ResponseHead.continueBytes), promise: nil)
        }
        return .wait
    }

    /// Hands `pending` to the connection's answering task if it is waiting, else starts one.
    private func answer(_ pending: PipelinedRequests.Request, channel: any Channel) {
        enter(.answering)
        if let waiting = answerer {
            answerer = nil
            waiting.resume(returning: pending)
            return
        }
        let answering = ConnectionAnswerer(responder: responder, channel: channel)
        let handler = NIOLoopBound(self, eventLoop: channel.eventLoop)
        let inFlight = inFlight
        inFlight.start(
            Task(executorPreference: executor) {
                defer { inFlight.ended() }
                var request = pending
                while true {
                    // Consumed: an idle connection's task does not hold on to the last request's body.
                    // The task runs on the connection's event loop (its executor preference), so the handler may be touched.
                    let closes = await answering.answer(consume request, closingNow: { handler.value.closesAfterAnswer })
                    guard !Task.isCancelled, let next = await handler.value.nextRequest(afterAnswerThatCloses: closes) else { return }
                    request = next
                }
            })
    }

    /// The answering task's next request: one already waiting, or the next the client sends; nil once
    /// the connection takes no more, or when the idle task is let go (`releaseAnswerer`).
    private func nextRequest(afterAnswerThatCloses closes: Bool) async -> PipelinedRequests.Request? {
        switch answered(closes: closes) {
        case .end: return nil
        case .answer(let next): return next
        case .wait: return await withUnsafeContinuation { answerer = $0 }
        }
    }

    /// Ends the waiting answering task, if there is one.
    private func releaseAnswerer() {
        guard let waiting = answerer else { return }
        answerer = nil
        waiting.resume(returning: nil)
    }
}
