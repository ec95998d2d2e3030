import Hummingbird
import NIOCore
import PonderCore

/// How injected faults shape a response.
extension SimService {
    /// Bytes per piece of a `slow-stream` JSON body.
    static let slowStreamPiece = 16

    /// The response that replaces the real one for faults that need no real one.
    func replacement(for fault: SimFaultKind?, context: SimRequestContext) async -> Response? {
        switch fault {
        case .serverError:
            return JSONCoding.error(
                .internalServerError, message: "Simulated internal server error", type: "server_error",
                code: "simulated_fault")
        case .rateLimited:
            return JSONCoding.error(
                .tooManyRequests, message: "Simulated rate limit", type: "rate_limit_error", code: "rate_limit_exceeded")
        case .rateLimitedRetryAfter:
            return JSONCoding.error(
                .tooManyRequests, message: "Simulated rate limit", type: "rate_limit_error", code: "rate_limit_exceeded",
                headers: [.retryAfter: String(configuration.retryAfterSeconds)])
        case .reset:
            return await ConnectionReset.drop(context.channel)
        case .malformed, .stall, .slowStream, .stallMidStream, nil:
            return nil
        }
    }

    /// A finished JSON body as sent, with the `malformed` or `slow-stream` fault applied.
    func send(_ body: ByteBuffer, fault: SimFaultKind?, ticket: RequestTicket, channel: any Channel) -> Response {
        switch fault {
        case .malformed:
            var truncated = body
            truncated.moveWriterIndex(to: truncated.readerIndex + max(1, body.readableBytes / 2))
            return Response(status: .ok, headers: JSONCoding.jsonHeaders, body: .init(byteBuffer: truncated))
        case .slowStream:
            let interval = configuration.slowStreamInterval
            let watch = connections.watch(for: channel)
            return Response(
                status: .ok, headers: JSONCoding.jsonHeaders,
                body: ResponseBody(contentLength: body.readableBytes) { writer in
                    defer { ticket.hold() }
                    var remaining = body
                    while remaining.readableBytes > 0, let piece = remaining.readSlice(length: min(Self.slowStreamPiece, remaining.readableBytes)) {
                        try await Task.sleep(for: .seconds(interval))
                        if watch?.isClosed == true { throw CancellationError() }
                        try await writer.write(piece)
                    }
                    try await writer.finish(nil)
                })
        case .stallMidStream:
            let stall = configuration.stallSeconds
            let watch = connections.watch(for: channel)
            return Response(
                status: .ok, headers: JSONCoding.jsonHeaders,
                body: ResponseBody(contentLength: body.readableBytes) { writer in
                    defer { ticket.hold() }
                    var remaining = body
                    if let head = remaining.readSlice(length: max(1, body.readableBytes / 2)) { try await writer.write(head) }
                    try await Self.stall(seconds: stall, unless: watch)
                    try await writer.write(remaining)
                    try await writer.finish(nil)
                })
        default:
            return Response(status: .ok, headers: JSONCoding.jsonHeaders, body: .init(byteBuffer: body))
        }
    }

    /// Waits `seconds`, checking every 50 ms whether the client has gone away (then throws).
    static func stall(seconds: Double, unless watch: ConnectionWatch?) async throws {
        let clock = ContinuousClock()
        let end = clock.now + .seconds(seconds)
        while clock.now < end {
            try await clock.sleep(until: min(end, clock.now + .milliseconds(50)))
            if watch?.isClosed == true { throw CancellationError() }
        }
    }
}
