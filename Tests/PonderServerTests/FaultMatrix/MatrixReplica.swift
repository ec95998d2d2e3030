import AsyncHTTPClient
import Foundation
import NIOCore
import PonderBench
import PonderSim

/// One upstream replica of a fault-matrix run: a sim in this process (fault injection from its
/// configuration), a `ponder sim` child process (so it can be SIGKILLed and restarted on its port),
/// or a port where nothing listens (connection refused).
final class MatrixReplica: @unchecked Sendable {
    // @unchecked: `kind` and `heldPort` are only changed by `kill()`, `restart()`, `revive()` and `stop()`,
    // which a run calls from one task.
    enum Kind {
        case inProcess(RunningSim)
        case child(ChildServer)
        case vacant
    }

    private(set) var kind: Kind
    let port: Int
    /// Arguments a child was started with (after `sim --port PORT`), for a restart.
    private let childArguments: [String]
    /// A vacant replica's port, held until a sim comes up on it.
    private var heldPort: ClosedPort?

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private init(kind: Kind, port: Int, childArguments: [String] = []) {
        self.kind = kind
        self.port = port
        self.childArguments = childArguments
    }

    static func inProcess(_ configuration: SimConfiguration = .init()) async throws -> MatrixReplica {
        let sim = try await SimServer.start(configuration)
        return MatrixReplica(kind: .inProcess(sim), port: sim.port)
    }

    /// A port with nothing listening on it, held (`ClosedPort`) so that no server a test running
    /// alongside starts can be given it until this replica is revived or stopped.
    static func vacant() async throws -> MatrixReplica {
        let held = try ClosedPort()
        let replica = MatrixReplica(kind: .vacant, port: held.port)
        replica.heldPort = held
        return replica
    }

    /// `ponder sim --port 0 arguments…` as a child process.
    static func child(arguments: [String] = []) async throws -> MatrixReplica {
        let server = try await startChild(["sim", "--port", "0"] + arguments)
        guard let port = URLComponents(string: server.origin)?.port else {
            server.stop()
            throw NoPort(origin: server.origin)
        }
        return MatrixReplica(kind: .child(server), port: port, childArguments: arguments)
    }

    /// SIGKILL for a child (no goodbye: open connections are reset); an in-process sim is stopped.
    func kill() async {
        switch kind {
        case .child(let server):
            _ = Foundation.kill(server.pid, SIGKILL)
            await OffPool.run { server.stop() }
        case .inProcess(let sim):
            await sim.stop()
        case .vacant:
            break
        }
        kind = .vacant
    }

    /// Starts a child again on the same port (after `kill()`), retrying while the port is still held.
    func restart(timeout: Double = 15) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            do {
                let server = try await Self.startChild(["sim", "--port", String(port)] + childArguments)
                kind = .child(server)
                return
            } catch {
                if ContinuousClock.now >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Starts an in-process sim on this replica's port (a vacant or killed replica comes back).
    func revive(_ configuration: SimConfiguration = .init()) async throws {
        heldPort?.release()
        heldPort = nil
        var configuration = configuration
        configuration.port = port
        kind = .inProcess(try await SimServer.start(configuration))
    }

    /// The sim's counters (`GET /sim/stats` for a child); empty for a vacant port.
    func stats(client: HTTPClient) async -> SimStats {
        switch kind {
        case .inProcess(let sim):
            return sim.stats()
        case .child:
            do {
                let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/sim/stats"), timeout: .seconds(5))
                let body = try await response.body.collect(upTo: 1 << 20)
                return try JSONDecoder().decode(SimStats.self, from: Data(buffer: body))
            } catch {
                return SimStats()
            }
        case .vacant:
            return SimStats()
        }
    }

    func stop() async {
        heldPort?.release()
        heldPort = nil
        switch kind {
        case .inProcess(let sim): await sim.stop()
        case .child(let server): await OffPool.run { server.stop() }
        case .vacant: break
        }
        kind = .vacant
    }

    /// `ChildServer.start` blocks its thread while it waits for the child; not one of the concurrency pool's.
    private static func startChild(_ arguments: [String]) async throws -> ChildServer {
        let executable = try ponderBinary()
        return try await OffPool.run { try ChildServer.start(executable: executable, arguments: arguments) }
    }

    /// The `ponder` binary next to this test bundle (both are products of the same build).
    static func ponderBinary() throws -> String { try ProxyBenchmarkTests.ponderBinary() }

    struct NoPort: Error {
        var origin: String
    }
}
