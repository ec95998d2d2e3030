import DequeModule

/// The bookkeeping of one host's connections, with no I/O: which connections are idle, who waits, how
/// many are open, when to connect another.
///
/// Idle connections are reused last in, first out (the most recently used one is the likeliest to still
/// be open); callers wait first in, first out. A connection counts as open from the moment its connect
/// starts until it reports `closed`, exactly once. The one rule that starts connects: while more callers
/// wait than connects are under way, and the cap allows, start another.
///
/// ```swift
/// var state = LeanPoolState<Connection, Caller>(limit: 2)
/// state.lease(caller)          // .queued(connect: true): no idle connection, room for one more
/// state.connected(connection)  // .hand(connection, to: caller)
/// ```
struct LeanPoolState<Connection: AnyObject, Waiter: AnyObject> {
    let limit: Int
    private(set) var idle: [Connection] = []
    private(set) var waiters: Deque<Waiter> = []
    /// Connecting, leased or idle.
    private(set) var open = 0
    private(set) var connecting = 0
    private(set) var isShutDown = false

    init(limit: Int) {
        precondition(limit > 0, "a pool needs room for at least one connection")
        self.limit = limit
    }

    enum LeaseAction {
        /// Run on this idle connection now.
        case use(Connection)
        /// Queued; start a connect when `connect` is true.
        case queued(connect: Bool)
        /// The pool is shut down.
        case refused
    }

    /// How many of the most recently used idle connections `lease` looks through for a preferred one.
    static var preferenceWindow: Int { 16 }

    /// A caller wants a connection. `isUsable` screens idle ones: a connection the server closed while it
    /// sat idle is skipped (it reports `closed` itself, which is when it stops counting as open).
    /// `isPreferred` picks, among the most recently used few, one to take first (one on the caller's own
    /// event loop, whose answer then needs no hop between threads).
    mutating func lease(
        _ waiter: Waiter, isUsable: (Connection) -> Bool, isPreferred: (Connection) -> Bool = { _ in false }
    ) -> LeaseAction {
        if isShutDown { return .refused }
        var index = idle.count - 1
        while index >= max(0, idle.count - Self.preferenceWindow) {
            if isPreferred(idle[index]) {
                let connection = idle.remove(at: index)
                if isUsable(connection) { return .use(connection) }
            }
            index -= 1
        }
        while let connection = idle.popLast() {
            if isUsable(connection) { return .use(connection) }
        }
        waiters.append(waiter)
        return .queued(connect: startConnectIfNeeded())
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
        idle.append(connection)
        return .parked
    }

    /// A connect failed. If a waiter was counting on it (more waiters than connects still under way), the
    /// oldest waiter gets the error; `connect` asks for another connect for waiters still unserved.
    mutating func connectFailed() -> (fail: Waiter?, connect: Bool) {
        connecting -= 1
        open -= 1
        var failed: Waiter?
        if waiters.count > connecting { failed = waiters.popFirst() }
        return (failed, startConnectIfNeeded())
    }

    /// A connection closed (by either side). Returns whether to start a connect for waiters left without one.
    mutating func closed(_ connection: Connection) -> Bool {
        open -= 1
        if let index = idle.lastIndex(where: { $0 === connection }) { idle.remove(at: index) }
        return startConnectIfNeeded()
    }

    /// Takes a connection out of the idle set so it can be closed for idleness; false if it was leased
    /// meanwhile (then it stays open).
    mutating func retire(_ connection: Connection) -> Bool {
        guard let index = idle.lastIndex(where: { $0 === connection }) else { return false }
        idle.remove(at: index)
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
            idle = []
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
