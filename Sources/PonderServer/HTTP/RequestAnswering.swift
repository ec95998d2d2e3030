import Hummingbird
import NIOHTTP1

/// What the daemon's connections hand each whole request to (`DaemonRouter`).
protocol RequestAnswering: Sendable {
    func answer(head: HTTPRequestHead, body: ReceivedBody, context: PonderRequestContext) async -> DaemonResponse
}
