import DequeModule

/// What the pool needs to know of a connection besides its identity: the event loop it runs on.
protocol LeanPoolMember: AnyObject {
    /// The connection's event loop, as an identity.
    var home: ObjectIdentifier { get }
}

/// The bookkeeping of one host's connections, with no I/O: which connections are idle, who waits, how
/// many are open, when to connect another.
///
/// Idle connections are kept per event loop, and a caller on a loop takes one of that loop's: its answer
/// is then read on the caller's own thread, with no hop between threads. When its loop has none idle,
/// a busy pool (fewer than half as many connections idle as in use) makes it wait for a new connection
/// made on its loop, so under load each loop soon holds the connections its own load needs; a pool with
/// connections to spare, or at its cap, hands it another loop's idle one instead, so a lightly used pool
/// with many loops holds about as many connections as its calls use (some servers, llama.cpp's among
/// them, serve each open connection with a thread of a fixed pool). A caller on no loop takes any idle
/// connection. Within a loop, idle connections are reused last in, first out (the most recently used
/// one is the likeliest to still be open); callers wait first in, first out. A connection counts as open
/// from the moment its connect starts until it reports `closed`, exactly once. The one rule that starts
/// connects: while more callers wait than connects are under way, and the cap allows, start another.
///
/// ```swift
/// var state = LeanPoolState<Connection, Caller>(limit: 2)
/// state.lease(caller, home: loop)  // .queued(connect: true): no idle connection, room for one more
/// state.connected(connection)      // .hand(connection, to: caller)
/// ```
struct LeanPoolState<Connection: LeanPoolMember, Waiter: AnyObject> {
    let limit: Int
    /// Idle connections by home, each most recently used last; a home's entry stays once made (there
    /// are as many as event loops).
    private var idleByHome: [(home: ObjectIdentifier, connections: [Connection])] = []
    /// The idle connections of every loop.
    private(set) var idleCount = 0
    private(set) var waiters: Deque<Waiter> = []
    /// Connecting, leased or idle.
    private(set) var open = 0
    private(set) var connecting = 0
    private(set) var isShutDown = false

    init(limit: Int) {
        precondition(limit > 0, "a pool needs room for at least one connection")
        self.limit = limit
    }

    /// Every idle connection, loop by loop.
    var idle: [Connection] { idleByHome.flatMap(\.connections) }

    enum LeaseAction {
        /// Run on this idle connection now.
        case use(Connection)
        /// Queued; start a connect when `connect` is true.
        case queued(connect: Bool)
        /// The pool is shut down.
        case refused
    }

    /// A caller on the loop `home` (nil: on none) wants a connection. `isUsable` screens idle ones: a
    /// connection the server closed while it sat idle is skipped (it reports `closed` itself, which is
    /// when it stops counting as open).
    mutating func lease(_ waiter: Waiter, home: ObjectIdentifier? = nil, isUsable: (Connection) -> Bool) -> LeaseAction {
        if isShutDown { return .refused }
        if let home {
            if let index = idleByHome.firstIndex(where: { $0.home == home }), let connection = popUsable(at: index, isUsable) {
                return .use(connection)
            }
            if open >= limit || hasSpareConnections, let connection = popAnyUsable(isUsable) { return .use(connection) }
        } else if let connection = popAnyUsable(isUsable) {
            return .use(connection)
        }
        waiters.append(waiter)
        return .queued(connect: startConnectIfNeeded())
    }

    /// At least half as many connections idle as in use: a caller takes another loop's rather than make
    /// the pool larger.
    var hasSpareConnections: Bool { 2 * idleCount >= open - connecting - idleCount }

    private mutating func popUsable(at index: Int, _ isUsable: (Connection) -> Bool) -> Connection? {
        while let connection = idleByHome[index].connections.popLast() {
            idleCount -= 1
            if isUsable(connection) { return connection }
        }
        return nil
    }

    private mutating func popAnyUsable(_ isUsable: (Connection) -> Bool) -> Connection? {
        for index in idleByHome.indices {
            if let connection = popUsable(at: index, isUsable) { return connection }
        }
        return nil
    }

    enum OfferAction {
        /// Give the connection to this waiter (who may have been cancelled meanwhile: then offer again).
        case hand(Connection, to: Waiter)
        /// Nobody waits: the connection is now idle.
        case parked
        /// The pool is shut down: close the connection.
        case close
    }

    /// A connect succeeded: the connection serves the oldest waiter or goes idle.
    mutating func connected(_ connection: Connection) -> OfferAction {
        connecting -= 1
        return offer(connection)
    }

    /// A connection finished an exchange and can be reused.
    mutating func offer(_ connection: Connection) -> OfferAction {
        if isShutDown { return .close }
        if let waiter = waiters.popFirst() { return .hand(connection, to: waiter) }
        idleCount += 1
        if let index = idleByHome.firstIndex(where: { $0.home == connection.home }) {
            idleByHome[index].connections.append(connection)
        } else {
            idleByHome.append((connection.home, [connection]))
        }
        return .parked
    }

    /// A connect failed. If a waiter was counting on it (more waiters than connects still under way), the
    /// oldest waiter takes an idle connection of another loop if there is one (a caller waits for one of
    /// its own loop's only while connects succeed), else it gets the error; `connect` asks for another
    /// connect for waiters still unserved.
    mutating func connectFailed(
        isUsable: (Connection) -> Bool = { _ in true }
    ) -> (fail: Waiter?, hand: (connection: Connection, waiter: Waiter)?, connect: Bool) {
        connecting -= 1
        open -= 1
        var failed: Waiter?
        var handOff: (Connection, Waiter)?
        if waiters.count > connecting, let waiter = waiters.popFirst() {
            if let connection = popAnyUsable(isUsable) { handOff = (connection, waiter) } else { failed = waiter }
        }
        return (failed, handOff, startConnectIfNeeded())
    }

    /// A connection closed (by either side). Returns whether to start a connect for waiters left without one.
    mutating func closed(_ connection: Connection) -> Bool {
        open -= 1
        _ = removeIdle(connection)
        return startConnectIfNeeded()
    }

    /// Takes a connection out of the idle set so it can be closed for idleness; false if it was leased
    /// meanwhile (then it stays open).
    mutating func retire(_ connection: Connection) -> Bool {
        removeIdle(connection)
    }

    private mutating func removeIdle(_ connection: Connection) -> Bool {
        guard let home = idleByHome.firstIndex(where: { $0.home == connection.home }),
            let index = idleByHome[home].connections.lastIndex(where: { $0 === connection })
        else { return false }
        idleByHome[home].connections.remove(at: index)
        idleCount -= 1
        return true
    }

    /// Forgets a waiter that gave up (cancelled or timed out); false if it was already served.
    mutating func removeWaiter(_ waiter: Waiter) -> Bool {
        guard let index = waiters.firstIndex(where: { $0 === waiter }) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Stops all reuse: returns the idle connections to close and the waiters to fail.
    mutating func shutDown() -> (idle: [Connection], waiters: [Waiter]) {
        isShutDown = true
        defer {
            idleByHome = []
            idleCount = 0
            waiters = []
        }
        return (idle, Array(waiters))
    }

    private mutating func startConnectIfNeeded() -> Bool {
        guard !isShutDown, waiters.count > connecting, open < limit else { return false }
        open += 1
        connecting += 1
        return true
    }
}
