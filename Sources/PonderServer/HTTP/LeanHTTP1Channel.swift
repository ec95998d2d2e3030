import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1.1 connections served by NIO channel handlers that call the router directly.
///
/// Hummingbird's own HTTP/1 channel turns every connection into an async sequence of request parts and
/// an async writer of response parts, and streams each request body through another async sequence;
/// that machinery cost more CPU per request than everything the daemon does with the request. Here the
/// bytes are parsed and each request gathered by `LeanRequestHandler` on the connection's event loop,
/// the whole request goes to the router in one task pinned to that loop, and the response is written
/// straight to the channel.
/// Hummingbird still runs the listening socket, graceful shutdown (its quiescing reaches
/// `LeanRequestHandler`, which closes each connection once its response is written) and the service
/// lifecycle.
struct LeanHTTP1Channel<Responder: RequestAnswering>: ServerChildChannel {
    struct Connection: ServerChildChannelValue {
        let channel: any Channel
        let inFlight: AnswerInFlight
    }

    let responder: Responder
    /// Body bytes kept per request: one past this and the route answers 413.
    let maxBodyBytes: Int
    let timeouts: ConnectionTimeouts
    let logger: Logger
    /// The executor that answering tasks run on, one per event loop.
    let executors = LoopExecutors()

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            // One handler: `LeanRequestHandler` parses the requests, orders pipelined ones, answers
            // unparseable ones with 400, and writes the response bytes itself.
            let inFlight = AnswerInFlight()
            try channel.pipeline.syncOperations.addHandler(
                LeanRequestHandler(
                    responder: responder, maxBodyBytes: maxBodyBytes, logger: self.logger, timeouts: timeouts, inFlight: inFlight,
                    executor: executors.executor(for: channel.eventLoop)))
            return Connection(channel: channel, inFlight: inFlight)
        }
    }

    /// Lives as long as the connection and its last answer, so a draining server waits for both;
    /// cancelled (at the end of a shutdown's grace period), it closes the connection, which cancels the answer.
    func handle(value: Connection, logger: Logger) async {
        await withTaskCancellationHandler {
            try? await value.channel.closeFuture.get()
            await value.inFlight.finish()
        } onCancel: {
            value.channel.close(promise: nil)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 through `LeanHTTP1Channel`, answered by `responder` (the application's own responder
    /// closure is not used: the router is called directly).
    static func leanHTTP1<Responder: RequestAnswering>(
        responder: Responder, maxBodyBytes: Int, timeouts: ConnectionTimeouts, logger: Logger
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { _ in LeanHTTP1Channel(responder: responder, maxBodyBytes: maxBodyBytes, timeouts: timeouts, logger: logger) }
    }
}
