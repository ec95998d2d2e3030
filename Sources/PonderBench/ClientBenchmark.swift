import NIOCore
import PonderBackends
import PonderCore

/// Measures what one backend call costs Ponder: CPU time per call and calls per second at a given
/// number of calls in flight, against a model server (the sim, in a separate process).
public struct ClientBenchmark: Sendable {
    public var baseURL: String
    public var model: String
    public var question: String

    public init(baseURL: String, model: String, question: String) {
        self.baseURL = baseURL
        self.model = model
        self.question = question
    }

    public struct Result: Sendable, Encodable {
        public var concurrency: Int
        public var calls: Int
        public var failures: Int
        public var wallSeconds: Double
        public var callsPerSecond: Double
        public var cpuMicrosecondsPerCall: Double
        public var latencyP50Milliseconds: Double
        public var latencyP99Milliseconds: Double
        public var completionTokensPerCall: Double

        enum CodingKeys: String, CodingKey {
            case concurrency, calls, failures
            case wallSeconds = "wall_seconds"
            case callsPerSecond = "calls_per_second"
            case cpuMicrosecondsPerCall = "cpu_us_per_call"
            case latencyP50Milliseconds = "latency_p50_ms"
            case latencyP99Milliseconds = "latency_p99_ms"
            case completionTokensPerCall = "completion_tokens_per_call"
        }
    }

    /// What one call is: Ponder's full client path (through whichever client the transport uses for
    /// non-streaming calls), or a bare HTTP exchange (the same request bytes POSTed and the whole
    /// response read, no routing, retries, metering or decoding) through the lean client or through
    /// AsyncHTTPClient, so the three can be compared side by side.
    public enum Mode: String, Sendable, CaseIterable {
        case ponder
        case leanBare = "lean-bare"
        case bareHTTP = "bare-http"
    }

    /// Runs `calls` chat completions with `concurrency` in flight at all times.
    public func run(concurrency: Int, calls: Int, transport: HTTPTransport, mode: Mode = .ponder) async throws -> Result {
        let client = EndpointClient(
            configuration: EndpointConfiguration(
                name: "bench", model: model, replicas: [baseURL], maxConcurrency: max(concurrency, 1)),
            transport: transport)
        let messages = [ChatMessage.user(question)]
        let sampling = SamplingParameters(temperature: 0.8, maxTokens: 64)
        let bareBody = ChatCompletionRequest(model: model, messages: messages, sampling: sampling)
        let url = baseURL + "/chat/completions"
        let perWorker = calls / concurrency
        let cpuBefore = ProcessCPU.seconds()
        let started = NIODeadline.now()
        let outcomes = try await withThrowingTaskGroup(of: ([Double], Int, Int).self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(perWorker)
                    var failures = 0
                    var tokens = 0
                    for _ in 0..<perWorker {
                        let begin = NIODeadline.now()
                        do {
                            switch mode {
                            case .ponder:
                                let generation = try await client.chat(messages, sampling: sampling)
                                tokens += generation.usage.completionTokens
                            case .leanBare:
                                try await transport.leanBareExchange(url: url, body: bareBody)
                            case .bareHTTP:
                                try await transport.bareExchange(url: url, body: bareBody)
                            }
                        } catch {
                            failures += 1
                        }
                        latencies.append(Double((NIODeadline.now() - begin).nanoseconds) / 1e6)
                    }
                    return (latencies, failures, tokens)
                }
            }
            var all: [([Double], Int, Int)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let wall = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        let cpu = ProcessCPU.seconds() - cpuBefore
        let latencies = outcomes.flatMap(\.0).sorted()
        let done = latencies.count
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return Result(
            concurrency: concurrency, calls: done, failures: outcomes.map(\.1).reduce(0, +), wallSeconds: wall,
            callsPerSecond: Double(done) / wall, cpuMicrosecondsPerCall: cpu / Double(max(done, 1)) * 1e6,
            latencyP50Milliseconds: percentile(0.5), latencyP99Milliseconds: percentile(0.99),
            completionTokensPerCall: Double(outcomes.map(\.2).reduce(0, +)) / Double(max(done, 1)))
    }
}
