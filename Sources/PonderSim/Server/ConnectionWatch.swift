import NIOCore
import Synchronization

/// Tells a request that its client has gone away, without touching the connection's request stream.
///
/// Hummingbird does not cancel a handler when its client disconnects, and its own helper for that
/// (`consumeWithCancellationOnInboundClose`) ends the connection's keep-alive. Instead a small channel
/// handler in each connection's pipeline watches for the client closing its side (`inputClosed`, or the
/// channel going inactive) and flips that connection's `ConnectionWatch`; requests that wait (stall,
/// queueing, simulated compute) race their wait against it. Keep-alive connections stay reusable.
final class ConnectionWatch: Sendable {
    private struct State {
        var closed = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    var isClosed: Bool { state.withLock { $0.closed } }

    func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the client has gone away, or at once when the calling task is cancelled.
    func closed() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.closed || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Runs `operation`, cancelling it and throwing `CancellationError` if the client goes away first.
    func cancellingOnClose<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                await self.closed()
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
                // `closed()` returned: the client left, or we were cancelled.
                throw CancellationError()
            }
            throw CancellationError()
        }
    }
}

/// The watches of a server's open connections, by channel.
final class ConnectionRegistry: Sendable {
    private let watches = Mutex<[ObjectIdentifier: ConnectionWatch]>([:])

    func register(_ channel: any Channel) -> ConnectionWatch {
        let watch = ConnectionWatch()
        watches.withLock { $0[ObjectIdentifier(channel)] = watch }
        return watch
    }

    func remove(_ channel: any Channel) {
        _ = watches.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func watch(for channel: any Channel) -> ConnectionWatch? {
        watches.withLock { $0[ObjectIdentifier(channel)] }
    }
}

/// The pipeline handler that flips a connection's watch when the client closes its side.
final class ConnectionWatchHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let registry: ConnectionRegistry
    private var watch: ConnectionWatch?

    init(registry: ConnectionRegistry) { self.registry = registry }

    func handlerAdded(context: ChannelHandlerContext) {
        watch = registry.register(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context.channel)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { watch?.close() }
        context.fireUserInboundEventTriggered(event)
    }

    private func finish(_ channel: any Channel) {
        watch?.close()
        if watch != nil { registry.remove(channel) }
        watch = nil
    }
}
