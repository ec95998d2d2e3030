import Testing

@testable import PonderBackends

/// The lean client's pool bookkeeping, without a network.
@Suite struct LeanPoolStateTests {
    /// Two event loops, as identities (of objects kept alive, so the two never share an address).
    final class Loop: Sendable {}
    static let loops = (Loop(), Loop())
    static var loopA: ObjectIdentifier { ObjectIdentifier(loops.0) }
    static var loopB: ObjectIdentifier { ObjectIdentifier(loops.1) }

    final class Connection: LeanPoolMember {
        let home: ObjectIdentifier
        init(home: ObjectIdentifier = LeanPoolStateTests.loopA) { self.home = home }
    }
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

    /// Connections with these homes, opened and then offered back in order, so the last is the most
    /// recent idle one.
    static func idle(_ homes: [ObjectIdentifier], in state: inout State) -> [Connection] {
        let connections = homes.map { Connection(home: $0) }
        for connection in connections {
            _ = state.lease(Caller(), isUsable: { _ in true })
            _ = state.connected(connection)
        }
        for connection in connections { _ = state.offer(connection) }
        return connections
    }

    @Test func aCallerTakesTheMostRecentIdleConnectionOfItsOwnLoop() {
        var state = State(limit: 8)
        let connections = Self.idle([Self.loopA, Self.loopB, Self.loopA, Self.loopB], in: &state)
        guard case .use(let first) = state.lease(Caller(), home: Self.loopA, isUsable: { _ in true }),
            case .use(let second) = state.lease(Caller(), home: Self.loopA, isUsable: { _ in true })
        else {
            Issue.record("loop A's idle connections should be reused")
            return
        }
        #expect(first === connections[2] && second === connections[0])
        #expect(state.idle.count == 2 && state.idle.allSatisfy { $0.home == Self.loopB })
        #expect(state.idleCount == 2 && state.open == 4, "reuse opens nothing")
    }

    /// `count` connections of `home` opened and leased (in use).
    static func leased(_ count: Int, home: ObjectIdentifier, in state: inout State) -> [Connection] {
        let connections = (0..<count).map { _ in Connection(home: home) }
        for connection in connections {
            _ = state.lease(Caller(), isUsable: { _ in true })
            _ = state.connected(connection)
        }
        return connections
    }

    @Test func aBusyPoolMakesACallerWaitForAConnectionOfItsOwnLoopRatherThanTakeAnotherLoops() {
        var state = State(limit: 8)
        _ = Self.leased(3, home: Self.loopA, in: &state)
        let other = Self.idle([Self.loopA], in: &state)[0]
        #expect(!state.hasSpareConnections, "one idle for three in use")
        let caller = Caller()
        guard case .queued(connect: true) = state.lease(caller, home: Self.loopB, isUsable: { _ in true }) else {
            Issue.record("a busy pool connects for loop B instead of handing it loop A's connection")
            return
        }
        #expect(state.idle.count == 1 && state.idle[0] === other)
        #expect(state.open == 5 && state.connecting == 1)
        let own = Connection(home: Self.loopB)
        guard case .hand(let handed, let waiter) = state.connected(own) else {
            Issue.record("the new connection should go to the waiting caller")
            return
        }
        #expect(handed === own && waiter === caller)
        _ = state.offer(own)
        guard case .use(let next) = state.lease(Caller(), home: Self.loopB, isUsable: { _ in true }) else {
            Issue.record("loop B now has an idle connection of its own")
            return
        }
        #expect(next === own)
    }

    @Test func aPoolWithConnectionsToSpareHandsOutAnotherLoopsIdleOne() {
        var state = State(limit: 8)
        _ = Self.leased(2, home: Self.loopA, in: &state)
        let idle = Self.idle([Self.loopA], in: &state)
        #expect(state.hasSpareConnections, "one idle for two in use")
        guard case .use(let taken) = state.lease(Caller(), home: Self.loopB, isUsable: { _ in true }) else {
            Issue.record("with connections to spare, loop B takes loop A's rather than grow the pool")
            return
        }
        #expect(taken === idle[0])
        #expect(state.open == 3 && state.connecting == 0 && state.idleCount == 0)
    }

    @Test func atTheCapACallerTakesAnotherLoopsIdleConnectionBeforeItWaits() {
        var state = State(limit: 2)
        let connections = Self.idle([Self.loopA, Self.loopA], in: &state)
        guard case .use(let taken) = state.lease(Caller(), home: Self.loopB, isUsable: { _ in true }) else {
            Issue.record("at the cap, an idle connection of another loop is better than waiting")
            return
        }
        #expect(taken === connections[1])
        #expect(state.open == 2 && state.waiters.isEmpty)
    }

    @Test func aCallerOnNoLoopTakesAnyIdleConnection() {
        var state = State(limit: 8)
        let connections = Self.idle([Self.loopB], in: &state)
        guard case .use(let taken) = state.lease(Caller(), isUsable: { _ in true }) else {
            Issue.record("a caller on no loop has no loop to prefer")
            return
        }
        #expect(taken === connections[0] && state.open == 1)
    }

    @Test func aClosedIdleConnectionOfTheCallersLoopIsSkipped() {
        var state = State(limit: 8)
        let connections = Self.idle([Self.loopA, Self.loopA, Self.loopA], in: &state)
        let closed = connections[2]
        guard case .use(let chosen) = state.lease(Caller(), home: Self.loopA, isUsable: { $0 !== closed }) else {
            Issue.record("an open idle connection should be reused")
            return
        }
        #expect(chosen === connections[1])
        #expect(!state.idle.contains { $0 === closed })
    }

    @Test func retiringAndClosingFindTheConnectionUnderItsLoop() {
        var state = State(limit: 8)
        let connections = Self.idle([Self.loopA, Self.loopB, Self.loopB], in: &state)
        let retired = state.retire(connections[1])
        let retiredAgain = state.retire(connections[1])
        #expect(retired)
        #expect(!retiredAgain, "already taken out")
        _ = state.closed(connections[2])
        #expect(state.idle.count == 1 && state.idle[0] === connections[0])
        #expect(state.open == 2, "the retired one counts until it reports closed")
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
        let (failed, handOff, connect) = state.connectFailed()
        #expect(failed === first && handOff == nil)
        #expect(connect, "the second caller still needs a connection")
        #expect(state.open == 1 && state.connecting == 1 && state.waiters.count == 1)
    }

    @Test func aCallerWhoseConnectFailsTakesAnotherLoopsIdleConnectionInstead() {
        var state = State(limit: 8)
        _ = Self.leased(3, home: Self.loopA, in: &state)
        let other = Self.idle([Self.loopA], in: &state)[0]
        let caller = Caller()
        guard case .queued(connect: true) = state.lease(caller, home: Self.loopB, isUsable: { _ in true }) else {
            Issue.record("a busy pool connects for loop B")
            return
        }
        let (failed, handOff, connect) = state.connectFailed()
        #expect(failed == nil && !connect)
        #expect(handOff?.connection === other && handOff?.waiter === caller)
        #expect(state.idle.isEmpty && state.idleCount == 0 && state.waiters.isEmpty && state.open == 4)
    }

    @Test func aFailedConnectNobodyCountsOnFailsNobody() {
        var state = State(limit: 4)
        let caller = Caller()
        _ = state.lease(caller, isUsable: { _ in true })
        let removed = state.removeWaiter(caller)
        #expect(removed)
        let (failed, handOff, connect) = state.connectFailed()
        #expect(failed == nil && handOff == nil && !connect && state.open == 0)
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
