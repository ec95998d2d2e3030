import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Answers a connection's requests one at a time: the router's response, written to the channel.
struct ConnectionAnswerer<Responder: RequestAnswering>: Sendable {
    let responder: Responder
    let channel: any Channel

    /// Returns whether the connection must close once this answer is out. `closingNow`, read on the
    /// connection's loop once the response is made, says the server is draining or the client closed its
    /// side: the response then says the connection closes.
    func answer(_ pending: PipelinedRequests.Request, closingNow: () -> Bool) async -> Bool {
        let head = pending.head
        let response = await responder.answer(head: head, body: .bytes(pending.body), context: PonderRequestContext())
        let closing = channel.eventLoop.inEventLoop && closingNow()
        return await HTTP1Response.write(
            response, to: channel, version: head.version, keepAlive: head.isKeepAlive && !closing, isHEAD: head.method == .HEAD)
    }
}
