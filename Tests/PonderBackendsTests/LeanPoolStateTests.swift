import Testing

@testable import PonderBackends

/// The lean client's pool bookkeeping, without a network.
@Suite struct LeanPoolStateTests {
    final class Connection {}
    final class Caller {}
    typealias State = LeanPoolState<Connection, Caller>

    @Test func aCallerWithNoIdleConnectionQueuesAndStartsAConnect() {
        var state = State(limit: 4)
        let caller = Caller()
        guard case .queued(connect: true) = state.lease(caller, isUsable: { _ in true }) else {
            Issue.record("expected a connect")
            return
        }
        #expect(state.open == 1 && state.connecting == 1)
        let connection = Connection()
        guard case .hand(let handed, let waiter) = state.connected(connection) else {
            Issue.record("the new connection should go to the waiting caller")
            return
        }
        #expect(handed === connection && waiter === caller)
        #expect(state.connecting == 0 && state.open == 1 && state.waiters.isEmpty)
    }

    @Test func idleConnectionsAreReusedLastInFirstOut() {
        var state = State(limit: 4)
        let (a, b) = (Connection(), Connection())
        for connection in [a, b] {
            _ = state.lease(Caller(), isUsable: { _ in true })
            _ = state.connected(connection)
        }
        #expect(state.open == 2)
        _ = state.offer(a)
        _ = state.offer(b)
        guard case .use(let first) = state.lease(Caller(), isUsable: { _ in true }),
            case .use(let second) = state.lease(Caller(), isUsable: { _ in true })
        else {
            Issue.record("both idle connections should be reused")
            return
        }
        #expect(first === b && second === a)
        #expect(state.open == 2, "reuse opens nothing")
    }

    /// `count` connections, opened and then offered back in order, so the last is the most recent idle one.
    static func idle(_ count: Int, in state: inout State) -> [Connection] {
        let connections = (0..<count).map { _ in Connection() }
        for connection in connections {
            _ = state.lease(Caller(), isUsable: { _ in true })
            _ = state.connected(connection)
        }
        for connection in connections { _ = state.offer(connection) }
        return connections
    }

    @Test func aPreferredIdleConnectionIsTakenFirstThenTheOrderIsLastInFirstOut() {
        var state = State(limit: 8)
        let connections = Self.idle(4, in: &state)
        let preferred = connections[1]
        guard case .use(let first) = state.lease(Caller(), isUsable: { _ in true }, isPreferred: { $0 === preferred }),
            case .use(let second) = state.lease(Caller(), isUsable: { _ in true }, isPreferred: { $0 === preferred })
        else {
            Issue.record("idle connections should be reused")
            return
        }
        #expect(first === preferred)
        #expect(second === connections[3], "with no preferred one left, the most recent")
        #expect(state.idle.count == 2 && state.open == 4)
    }

    @Test func onlyTheMostRecentFewAreSearchedForAPreferredOne() {
        var state = State(limit: 64)
        let window = State.preferenceWindow
        let connections = Self.idle(window + 2, in: &state)
        let tooOld = connections[0]
        guard case .use(let chosen) = state.lease(Caller(), isUsable: { _ in true }, isPreferred: { $0 === tooOld }) else {
            Issue.record("an idle connection should be reused")
            return
        }
        #expect(chosen === connections.last, "the search stops after \(window) connections")
    }

    @Test func aPreferredConnectionThatClosedIsSkipped() {
        var state = State(limit: 8)
        let connections = Self.idle(3, in: &state)
        let closed = connections[2]
        guard case .use(let chosen) = state.lease(Caller(), isUsable: { $0 !== closed }, isPreferred: { $0 === closed }) else {
            Issue.record("an open idle connection should be reused")
            return
        }
        #expect(chosen === connections[1])
        #expect(!state.idle.contains { $0 === closed })
    }

    @Test func waitersAtTheCapAreServedFirstInFirstOut() {
        var state = State(limit: 1)
        let connection = Connection()
        _ = state.lease(Caller(), isUsable: { _ in true })
        _ = state.connected(connection)
        let (second, third) = (Caller(), Caller())
        guard case .queued(connect: false) = state.lease(second, isUsable: { _ in true }),
            case .queued(connect: false) = state.lease(third, isUsable: { _ in true })
        else {
            Issue.record("at the cap, callers wait without connecting")
            return
        }
        guard case .hand(_, let next) = state.offer(connection) else {
            Issue.record("a released connection goes to a waiter")
            return
        }
        #expect(next === second)
        guard case .hand(_, let last) = state.offer(connection) else {
            Issue.record("and then to the next")
            return
        }
        #expect(last === third)
        guard case .parked = state.offer(connection) else {
            Issue.record("with nobody waiting it idles")
            return
        }
        #expect(state.idle.count == 1)
    }

    @Test func aClosedIdleConnectionIsSkippedAndCountedOutWhenItReportsClosed() {
        var state = State(limit: 4)
        let stale = Connection()
        _ = state.lease(Caller(), isUsable: { _ in true })
        _ = state.connected(stale)
        _ = state.offer(stale)
        guard case .queued(connect: true) = state.lease(Caller(), isUsable: { $0 !== stale }) else {
            Issue.record("a closed connection must not be handed out")
            return
        }
        #expect(state.open == 2, "the stale one still counts until it reports closed")
        let connect = state.closed(stale)
        #expect(!connect, "one connect is already under way for the one waiter")
        #expect(state.open == 1)
    }

    @Test func aConnectionClosedByTheServerIsForgottenAndNeverReused() {
        var state = State(limit: 4)
        let connection = Connection()
        _ = state.lease(Caller(), isUsable: { _ in true })
        _ = state.connected(connection)
        _ = state.offer(connection)
        let connect = state.closed(connection)
        #expect(!connect)
        #expect(state.idle.isEmpty && state.open == 0)
        guard case .queued(connect: true) = state.lease(Caller(), isUsable: { _ in true }) else {
            Issue.record("expected a new connection")
            return
        }
    }

    @Test func aFailedConnectFailsTheOldestWaiterAndConnectsAgainForTheRest() {
        var state = State(limit: 1)
        let (first, second) = (Caller(), Caller())
        _ = state.lease(first, isUsable: { _ in true })
        _ = state.lease(second, isUsable: { _ in true })
        #expect(state.connecting == 1 && state.waiters.count == 2)
        let (failed, connect) = state.connectFailed()
        #expect(failed === first)
        #expect(connect, "the second caller still needs a connection")
        #expect(state.open == 1 && state.connecting == 1 && state.waiters.count == 1)
    }

    @Test func aFailedConnectNobodyCountsOnFailsNobody() {
        var state = State(limit: 4)
        let caller = Caller()
        _ = state.lease(caller, isUsable: { _ in true })
        let removed = state.removeWaiter(caller)
        #expect(removed)
        let (failed, connect) = state.connectFailed()
        #expect(failed == nil && !connect && state.open == 0)
    }

    @Test func aClosedConnectionAtTheCapMakesRoomForAWaiter() {
        var state = State(limit: 1)
        let connection = Connection()
        _ = state.lease(Caller(), isUsable: { _ in true })
        _ = state.connected(connection)
        _ = state.lease(Caller(), isUsable: { _ in true })
        let connect = state.closed(connection)
        #expect(connect, "the waiter gets a fresh connection")
        #expect(state.open == 1 && state.connecting == 1)
    }

    @Test func retiringTakesOnlyIdleConnections() {
        var state = State(limit: 2)
        let connection = Connection()
        _ = state.lease(Caller(), isUsable: { _ in true })
        _ = state.connected(connection)
        let retiredWhileLeased = state.retire(connection)
        #expect(!retiredWhileLeased, "a leased connection is not retired")
        _ = state.offer(connection)
        let retiredWhileIdle = state.retire(connection)
        #expect(retiredWhileIdle)
        #expect(state.idle.isEmpty && state.open == 1, "it counts until it reports closed")
    }

    @Test func shutdownHandsBackIdleConnectionsAndWaitersAndRefusesMore() {
        var state = State(limit: 1)
        let (idle, busy) = (Connection(), Connection())
        _ = state.lease(Caller(), isUsable: { _ in true })
        _ = state.connected(idle)
        _ = state.offer(idle)
        _ = state.lease(Caller(), isUsable: { _ in true })  // takes `idle`
        let waiter = Caller()
        _ = state.lease(waiter, isUsable: { _ in true })
        _ = state.offer(busy)  // handed to the waiter
        _ = state.lease(Caller(), isUsable: { _ in true })
        let (connections, waiters) = state.shutDown()
        #expect(connections.isEmpty && waiters.count == 1)
        guard case .refused = state.lease(Caller(), isUsable: { _ in true }), case .close = state.offer(idle) else {
            Issue.record("a shut-down pool refuses callers and closes returned connections")
            return
        }
    }
}
