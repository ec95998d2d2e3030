import Hummingbird
import NIOCore

/// A server-sent-event response body: written at once, or one decode step per `interval` (the decode rate,
/// or the `slow-stream` fault), or broken off mid-event (the `malformed` fault).
struct EventStream: Sendable {
    /// SSE bytes per decode step (see `ResponseRenderer.streamTicks`).
    var ticks: [[UInt8]]
    var interval: Double?
    /// Write half the stream, then `brokenEvent`, and end without `[DONE]`.
    var breaksOff: Bool
    var brokenEvent: String
    /// Stops a paced stream early when the client has gone away.
    var watch: ConnectionWatch?
    /// Write half the events, then nothing for this many seconds (the `stall-mid-stream` fault), then the rest.
    var stallMidway: Double? = nil

    /// The response; `lease` (a request slot) and `ticket` are held until the body is written.
    func response(holding lease: SlotLease?, ticket: RequestTicket) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                defer {
                    lease?.release()
                    ticket.hold()
                }
                try await write(to: &writer)
            })
    }

    @concurrent private func write(to writer: inout any ResponseBodyWriter) async throws {
        if breaksOff {
            let kept = ticks.prefix(max(1, ticks.count / 2)).joined()
            try await writer.write(ByteBuffer(bytes: Array(kept) + Array(brokenEvent.utf8)))
            try await writer.finish(nil)
            return
        }
        if let stallMidway {
            let half = max(1, ticks.count / 2)
            try await writer.write(ByteBuffer(bytes: ticks.prefix(half).joined()))
            try await SimService.stall(seconds: stallMidway, unless: watch)
            try await writer.write(ByteBuffer(bytes: ticks.dropFirst(half).joined()))
            try await writer.finish(nil)
            return
        }
        guard let interval else {
            try await writer.write(ByteBuffer(bytes: ticks.joined()))
            try await writer.finish(nil)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        for (t, tick) in ticks.enumerated() {
            try await clock.sleep(until: start + .seconds(interval * Double(t + 1)))
            if watch?.isClosed == true { throw CancellationError() }
            try await writer.write(ByteBuffer(bytes: tick))
        }
        try await writer.finish(nil)
    }
}
