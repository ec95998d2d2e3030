import PonderBackends
import PonderCore

/// What the daemon adds to a request: the same chat completion sent straight to a model server and
/// through `ponder serve` (preset `single`) in front of it, side by side in one run.
///
///     let benchmark = ProxyBenchmark(simOrigin: sim.origin, daemonOrigin: daemon.origin,
///                                    simPID: sim.pid, daemonPID: daemon.pid, request: request)
///     let level = try await benchmark.run(connections: 64, requests: 20_000)
///     level.addedLatencyP50Milliseconds
///
/// The load generator is the same for both targets and as thin as it can be (a bare POST and a full
/// read of the answer, see `HTTPTransport.bareExchange`), so the difference is the daemon's. The servers
/// run in other processes; their CPU is read from outside (`ChildProcessCPU`), and the sim's counters
/// (`ProxySimCounter`) show that every request was answered by the model, through the daemon too.
public struct ProxyBenchmark: Sendable {
    /// Where a request goes.
    public enum Target: String, Sendable, Encodable, CaseIterable {
        /// Straight to the model server.
        case direct
        /// Through the daemon, which forwards to the model server.
        case daemon
    }

    /// `http://HOST:PORT` of the sim and of the daemon in front of it.
    public var simOrigin: String
    public var daemonOrigin: String
    public var simPID: Int32?
    public var daemonPID: Int32?
    /// The one request every call sends, to either target.
    public var request: ChatCompletionRequest
    /// Open loop: requests per second in all, sent on a fixed schedule whatever the answers do, with
    /// latency counted from each request's scheduled time (so a stall is not hidden by sending later).
    /// Nil: closed loop, every connection sends its next request as soon as the last is answered, which
    /// saturates a small machine and makes the added latency mostly CPU queueing.
    public var rate: Double?

    public init(
        simOrigin: String, daemonOrigin: String, simPID: Int32?, daemonPID: Int32?, request: ChatCompletionRequest,
        rate: Double? = nil
    ) {
        self.rate = rate
        self.simOrigin = simOrigin
        self.daemonOrigin = daemonOrigin
        self.simPID = simPID
        self.daemonPID = daemonPID
        self.request = request
    }

    /// The OpenAI base URL of a target.
    public func baseURL(of target: Target) -> String {
        switch target {
        case .direct: simOrigin + "/v1"
        case .daemon: daemonOrigin + "/v1"
        }
    }

    /// Measures both targets with `connections` requests in flight, `requests` requests each.
    ///
    /// A fresh connection pool sized to the level is warmed up on each target first (a tenth as many
    /// requests, at least one per connection). The measured requests then go in two halves per target,
    /// direct–daemon–daemon–direct, so a drift in a shared machine's load falls on both alike.
    public func run(connections: Int, requests: Int) async throws -> Level {
        let transport = HTTPTransport(maxConnectionsPerHost: max(connections, 1))
        do {
            for target in Target.allCases { try await checkAnswers(target, transport: transport) }
            let warmUp = max(connections, requests / 10)
            for target in Target.allCases {
                _ = await measure(target, connections: connections, requests: warmUp, transport: transport)
            }
            let firstHalf = requests / 2
            let secondHalf = requests - firstHalf
            let direct1 = await measure(.direct, connections: connections, requests: firstHalf, transport: transport)
            let daemon1 = await measure(.daemon, connections: connections, requests: firstHalf, transport: transport)
            let daemon2 = await measure(.daemon, connections: connections, requests: secondHalf, transport: transport)
            let direct2 = await measure(.direct, connections: connections, requests: secondHalf, transport: transport)
            try await transport.shutdown()
            return Level(
                connections: connections,
                direct: TargetResult(target: .direct, connections: connections, phases: [direct1, direct2]),
                daemon: TargetResult(target: .daemon, connections: connections, phases: [daemon1, daemon2]))
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    /// Why a target cannot be measured.
    public struct TargetFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// One call through Ponder's full client, which checks the status and decodes the answer: the bare
    /// exchanges that follow do neither, so a target that answers with errors would otherwise look fast.
    private func checkAnswers(_ target: Target, transport: HTTPTransport) async throws {
        let client = EndpointClient(
            configuration: EndpointConfiguration(
                name: target.rawValue, model: request.model, replicas: [baseURL(of: target)], maxConcurrency: 1),
            transport: transport)
        do {
            let generation = try await client.chat(request.messages, sampling: request.sampling)
            guard generation.choices.contains(where: { !$0.text.isEmpty }) else {
                throw TargetFailure(description: "the answer has no text")
            }
        } catch {
            throw TargetFailure(description: "\(target.rawValue) (\(baseURL(of: target))) does not answer the benchmark's request: \(error)")
        }
    }
}
