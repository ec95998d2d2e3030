import NIOCore
import Synchronization

/// The connections to one host and port: hands idle ones out, queues callers when none is free, opens
/// new ones up to the cap, and forgets the ones that close.
///
/// The decisions are `LeanPoolState`'s; this type holds it behind one lock, taken briefly, and carries
/// out what it decides (connect, run an exchange, close) outside the lock.
final class LeanHostPool: Sendable {
    let hostHeader: String
    private let url: LeanURL
    private let connector: LeanConnector
    private let state: Mutex<LeanPoolState<LeanConnection, LeanExchange>>

    init(url: LeanURL, connector: LeanConnector, limit: Int) {
        self.url = url
        self.hostHeader = url.hostHeader
        self.connector = connector
        self.state = Mutex(LeanPoolState(limit: limit))
    }

    /// Runs the exchange on an idle connection, or queues it for the next free or new one.
    func lease(_ exchange: LeanExchange) {
        let home = connector.callersLoop().map { ObjectIdentifier($0) }
        switch state.withLock({ $0.lease(exchange, home: home, isUsable: { $0.isActive }) }) {
        case .use(let connection):
            hand(connection, to: exchange)
        case .queued(let connect):
            if connect { self.connect() }
            // A cancellation that came while the exchange was on its way into the queue missed it there.
            if exchange.isCancelled, removeWaiter(exchange) {
                exchange.finish(.failure(CancellationError()))
                return
            }
            exchange.armWaitTimer(on: connector.group.any(), pool: self)
        case .refused:
            exchange.finish(.failure(LeanHTTPError.shutDown))
        }
    }

    /// A connection finished an exchange cleanly and may serve another.
    func offer(_ connection: LeanConnection) {
        place(connection) { $0.offer(connection) }
    }

    /// Connections connecting, leased or idle: a closed one stops counting once its close is read.
    var openConnections: Int { state.withLock { $0.open } }

    /// A connection closed; it is counted out, and a connect starts if callers are left waiting.
    func closed(_ connection: LeanConnection) {
        if state.withLock({ $0.closed(connection) }) { connect() }
    }

    /// Takes an idle connection out so it can be closed for idleness; false if it was leased meanwhile.
    func retire(_ connection: LeanConnection) -> Bool {
        state.withLock { $0.retire(connection) }
    }

    /// Forgets a queued exchange; false if it already got a connection (or an error).
    func removeWaiter(_ exchange: LeanExchange) -> Bool {
        state.withLock { $0.removeWaiter(exchange) }
    }

    /// Closes the idle connections and fails the queued calls; busy connections close when their
    /// exchange ends.
    func shutDown() -> [EventLoopFuture<Void>] {
        let (idle, waiters) = state.withLock { $0.shutDown() }
        for waiter in waiters { waiter.finish(.failure(LeanHTTPError.shutDown)) }
        return idle.map { $0.channel.close() }
    }

    // MARK: Pieces

    private func connect() {
        connector.connect(to: url, pool: self).whenComplete { result in
            switch result {
            case .success(let connection):
                self.place(connection) { $0.connected(connection) }
            case .failure(let error):
                let (failed, handOff, again) = self.state.withLock { $0.connectFailed(isUsable: { $0.isActive }) }
                failed?.finish(.failure(error))
                if let handOff { self.carryOut(.hand(handOff.connection, to: handOff.waiter), for: handOff.connection) }
                if again { self.connect() }
            }
        }
    }

    /// Decides under the lock what becomes of a connection that is free, and carries it out.
    private func place(
        _ connection: LeanConnection,
        _ decide: (inout LeanPoolState<LeanConnection, LeanExchange>) -> LeanPoolState<LeanConnection, LeanExchange>.OfferAction
    ) {
        carryOut(state.withLock { decide(&$0) }, for: connection)
    }

    /// Carries out an offer: the connection goes to the waiter named (or, if that one gave up, the oldest
    /// that still wants it), or idles.
    private func carryOut(_ offer: LeanPoolState<LeanConnection, LeanExchange>.OfferAction, for connection: LeanConnection) {
        var action = offer
        while true {
            switch action {
            case .hand(let connection, let waiter):
                if waiter.claim(connection) {
                    connection.run(waiter)
                    return
                }
                waiter.finish(.failure(CancellationError()))
                action = state.withLock { $0.offer(connection) }
            case .parked:
                return
            case .close:
                connection.close()
                return
            }
        }
    }

    private func hand(_ connection: LeanConnection, to exchange: LeanExchange) {
        if exchange.claim(connection) {
            connection.run(exchange, mayStartHere: true)
        } else {
            exchange.finish(.failure(CancellationError()))
            offer(connection)
        }
    }
}
