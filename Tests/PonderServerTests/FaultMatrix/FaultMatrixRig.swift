import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PonderBackends
import PonderCore
import PonderSim
@testable import PonderEngine

@testable import PonderServer

/// Replicas of one model behind one endpoint name, a daemon in front of them (in-process, port 0), and
/// an HTTP client: the rig every fault-matrix cell runs on. Requests carry fixed seeds and one problem
/// per index, so a cell can be compared request by request with a fault-free run.
struct FaultMatrixRig {
    let replicas: [MatrixReplica]
    let engine: Engine
    let server: RunningServer
    let client: HTTPClient
    let endpoint: EndpointConfiguration

    /// What the daemon is configured with; quick enough for tests, generous for a loaded machine.
    struct Policy {
        var retry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.1, maxRetryAfter: 2)
        /// A healthy call takes milliseconds; stalls and trickles are cut by `total`.
        var timeouts = EndpointTimeouts(firstByte: 2, idle: 1, total: 2)
        /// Short cooldowns, so a faulty replica is probed (and fails) again during a cell.
        var breaker = CircuitBreaker.Policy(failureThreshold: 3, cooldown: 0.5, maxCooldown: 2)
    }

    /// One client request's result.
    struct Outcome: Sendable {
        var index: Int
        var status: Int
        /// The first choice's content, or the error body's message.
        var answer: String
        /// OpenAI's `error.type`, when the body is an error.
        var errorType: String?
        var seconds: Double
    }

    static let problems = SimProblemGenerator.generate(count: 1024, seed: 21, difficulty: .mixed)

    static func start(_ replicas: [MatrixReplica], policy: Policy = Policy()) async throws -> FaultMatrixRig {
        let endpoint = EndpointConfiguration(
            name: "sim", model: "sim-reasoner", replicas: replicas.map(\.baseURL), timeouts: policy.timeouts,
            retry: policy.retry, circuitBreaker: policy.breaker)
        let root = ResourceLocator.sourceRoot
        let engine = try await Engine.start(
            configuration: PonderConfiguration(endpoints: [endpoint]),
            strategiesFolder: root + "/Strategies", promptsFolder: root + "/Prompts")
        var configuration = ServerConfiguration()
        // Stopping a daemon mid-connection makes Hummingbird log errors; the tests read outcomes, not logs.
        configuration.logger = Logger(label: "fault-matrix")
        configuration.logLevel = .critical
        let server = try await PonderServer.start(engine: engine, configuration: configuration)
        return FaultMatrixRig(
            replicas: replicas, engine: engine, server: server, client: HTTPClient(eventLoopGroupProvider: .singleton), endpoint: endpoint)
    }

    /// Starts a rig over `replicas`, runs `body`, and stops the daemon and every replica whatever happens.
    static func with<T>(
        _ replicas: [MatrixReplica], policy: Policy = Policy(), _ body: (FaultMatrixRig) async throws -> T
    ) async throws -> T {
        let rig: FaultMatrixRig
        do {
            rig = try await start(replicas, policy: policy)
        } catch {
            for replica in replicas { await replica.stop() }
            throw error
        }
        do {
            let result = try await body(rig)
            await rig.stop()
            return result
        } catch {
            await rig.stop()
            throw error
        }
    }

    var origin: String { "http://127.0.0.1:\(server.port)" }

    /// The chat request for problem `index` with `"seed": index`, through preset `strategy`; with
    /// `stream`, streamed with `stream_options.include_usage`.
    static func body(strategy: String, index: Int, stream: Bool = false) -> [UInt8] {
        var object: [String: Any] = [
            "model": "\(strategy)/sim-reasoner",
            "messages": [["role": "user", "content": problems[index % problems.count].question]],
            "seed": index,
        ]
        if stream {
            object["stream"] = true
            object["stream_options"] = ["include_usage": true]
        }
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// Sends request `index`; a transport failure or client timeout is an outcome with status 0. A
    /// streamed request succeeds (status 200) only when its events are whole: no error event, a usage
    /// chunk, `[DONE]` last; its answer is the content of every delta, joined.
    func ask(strategy: String, index: Int, stream: Bool = false, timeout: TimeAmount = .seconds(60)) async -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        var request = HTTPClientRequest(url: origin + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: Self.body(strategy: strategy, index: index, stream: stream)))
        var outcome = Outcome(index: index, status: 0, answer: "", errorType: nil, seconds: 0)
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 1 << 24)
            outcome.status = Int(response.status.code)
            if stream, outcome.status == 200 {
                Self.readEvents(String(buffer: bytes), into: &outcome)
                outcome.seconds = (clock.now - started).inSeconds
                return outcome
            }
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
            if let error = json["error"] as? [String: Any] {
                outcome.answer = error["message"] as? String ?? ""
                outcome.errorType = error["type"] as? String
            } else {
                let choices = json["choices"] as? [[String: Any]] ?? []
                outcome.answer = (choices.first?["message"] as? [String: Any])?["content"] as? String ?? ""
            }
        } catch {
            outcome.answer = "client: \(error)"
        }
        outcome.seconds = (clock.now - started).inSeconds
        return outcome
    }

    /// A 200 stream's events into `outcome`: the joined delta content, or — for an error event, a
    /// missing usage chunk or a missing `[DONE]` — a failure (status 0) saying which.
    static func readEvents(_ text: String, into outcome: inout Outcome) {
        var answer = ""
        var usage = false
        var done = false
        for line in text.split(separator: "\n") where line.hasPrefix("data: ") {
            let data = line.dropFirst(6)
            if data == "[DONE]" {
                done = true
                continue
            }
            let event = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
            if let error = event["error"] as? [String: Any] {
                outcome.status = 0
                outcome.answer = "error event: \(error["message"] as? String ?? "")"
                outcome.errorType = error["type"] as? String
                return
            }
            for choice in event["choices"] as? [[String: Any]] ?? [] {
                answer += (choice["delta"] as? [String: Any])?["content"] as? String ?? ""
            }
            if event["usage"] is [String: Any] { usage = true }
        }
        guard usage, done, text.hasSuffix("data: [DONE]\n\n") else {
            outcome.status = 0
            outcome.answer = "incomplete stream (usage chunk: \(usage), [DONE]: \(done)): \(answer.suffix(120))"
            return
        }
        outcome.answer = answer
    }

    /// Requests `indices` through `strategy`, at most `concurrency` at a time; `onDone` sees each count
    /// of finished requests (for disruptions timed to the run's progress). Outcomes in index order.
    func run(
        strategy: String, indices: Range<Int>, stream: Bool = false, concurrency: Int = 4,
        onDone: @Sendable @escaping (Int) async -> Void = { _ in }
    ) async -> [Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            var outcomes: [Outcome] = []
            var next = indices.lowerBound
            func add() {
                let index = next
                next += 1
                group.addTask { await ask(strategy: strategy, index: index, stream: stream) }
            }
            while next < indices.upperBound && next - indices.lowerBound < concurrency { add() }
            for await outcome in group {
                outcomes.append(outcome)
                await onDone(outcomes.count)
                if next < indices.upperBound { add() }
            }
            return outcomes.sorted { $0.index < $1.index }
        }
    }

    /// `GET /metrics`, as text.
    func metrics() async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: origin + "/metrics"), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }

    /// Upstream requests each replica has received (generation and scoring), from the sims' own counters.
    func upstreamRequests() async -> [Int] {
        var counts: [Int] = []
        for replica in replicas { counts.append(await replica.stats(client: client).modelRequests) }
        return counts
    }

    /// The daemon's pool for the endpoint (breakers, counters).
    func poolSnapshot() -> EndpointPool.Snapshot? { engine.endpoints.clients.first?.pool.snapshot() }

    func stop() async {
        try? await client.shutdown()
        await server.stop()
        for replica in replicas { await replica.stop() }
    }
}
