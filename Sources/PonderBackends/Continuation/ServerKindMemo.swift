import NIOCore
import Synchronization

/// The server kind learned for an endpoint, readable without a lock on every call; and, while it is
/// unknown because the server could not be asked, when to ask again (so a server that is down costs
/// its callers one failed recognition per pause, not one per call).
final class ServerKindMemo: Sendable {
    /// How long to wait before asking a server that could not be asked.
    static let pauseAfterFailure: TimeAmount = .seconds(15)

    /// 0: not learned yet; k + 1: `ServerKind.allCases[k]`.
    private let stored = Atomic<Int>(0)
    /// Uptime in nanoseconds before which the server is not asked again.
    private let askAgainAt = Atomic<Int64>(0)

    var value: ServerKind? {
        let raw = stored.load(ordering: .acquiring)
        return raw == 0 ? nil : ServerKind.allCases[raw - 1]
    }

    func learn(_ kind: ServerKind) {
        let raw = ServerKind.allCases.firstIndex(of: kind)! + 1
        stored.store(raw, ordering: .releasing)
    }

    var mayAsk: Bool {
        Int64(NIODeadline.now().uptimeNanoseconds) >= askAgainAt.load(ordering: .relaxed)
    }

    func couldNotAsk() {
        askAgainAt.store(Int64((NIODeadline.now() + Self.pauseAfterFailure).uptimeNanoseconds), ordering: .relaxed)
    }
}
