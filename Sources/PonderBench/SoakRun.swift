import PonderBackends
import PonderCore
import Synchronization

/// A bounded soak of `ponder serve`: `concurrency` client loops send chat completions through the
/// daemon for `seconds`, each request taking the next preset of `strategies` round-robin (model id
/// `PRESET/MODEL`), and every `window` seconds the run records requests, errors by kind, p50/p99 latency
/// and the daemon's peak RSS (`ProcessMemory`) and CPU (`ChildProcessCPU`).
///
///     let run = SoakRun(daemonOrigin: daemon.origin, daemonPID: daemon.pid, simPID: sim.pid,
///                       model: "sim-reasoner", strategies: ["single", "best-of-4"], questions: questions)
///     let report = try await run.run(seconds: 120, window: 10, concurrency: 32)
///     report.passed  // every `SoakVerdict`
///
/// The loops are closed: each sends again as soon as it is answered, so `concurrency` requests are in
/// flight all along. The load generator is the proxy benchmark's bare exchange (`HTTPTransport.bareExchange`:
/// one POST and a full read of the answer), so this process does little beside the daemon.
public struct SoakRun: Sendable {
    public var daemonOrigin: String
    public var daemonPID: Int32?
    public var simPID: Int32?
    /// The model id the sim serves; requests name `PRESET/model`.
    public var model: String
    public var strategies: [String]
    /// The user messages sent, one after another round-robin (at least one).
    public var questions: [String]
    public var limits: SoakVerdict.Limits

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(
        daemonOrigin: String, daemonPID: Int32?, simPID: Int32?, model: String, strategies: [String], questions: [String],
        limits: SoakVerdict.Limits = .init()
    ) {
        self.daemonOrigin = daemonOrigin
        self.daemonPID = daemonPID
        self.simPID = simPID
        self.model = model
        self.strategies = strategies
        self.questions = questions
        self.limits = limits
    }

    /// The request number `index` sends: the next strategy and the next question.
    func request(_ index: Int) -> ChatCompletionRequest {
        let strategy = strategies[index % strategies.count]
        let question = questions[(index / strategies.count) % questions.count]
        return ChatCompletionRequest(model: "\(strategy)/\(model)", messages: [.user(question)])
    }

    /// Runs the soak and judges it. Throws before any load if a strategy is not answered with a 2xx.
    public func run(seconds: Double, window: Double, concurrency: Int) async throws -> SoakReport {
        precondition(!strategies.isEmpty && !questions.isEmpty && seconds > 0 && window > 0 && concurrency > 0)
        let url = daemonOrigin + "/v1/chat/completions"
        let transport = HTTPTransport(maxConnectionsPerHost: concurrency)
        do {
            for (index, strategy) in strategies.enumerated() {
                let status: Int
                do {
                    status = try await transport.bareExchange(url: url, body: request(index))
                } catch {
                    throw Failure(description: "the daemon (\(daemonOrigin)) does not answer `\(strategy)/\(model)`: \(error)")
                }
                guard (200..<300).contains(status) else {
                    throw Failure(description: "the daemon answers `\(strategy)/\(model)` with HTTP \(status)")
                }
            }
            let rssBefore = daemonPID.flatMap { ProcessMemory.residentBytes(pid: $0) }
            let windows = await load(url: url, seconds: seconds, window: window, concurrency: concurrency, transport: transport)
            let rssAfter = daemonPID.flatMap { ProcessMemory.residentBytes(pid: $0) }
            try await transport.shutdown()
            return SoakReport(
                seconds: seconds, window: window, concurrency: concurrency, strategies: strategies,
                daemonRSSBeforeBytes: rssBefore, daemonRSSAfterBytes: rssAfter, windows: windows, limits: limits)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    /// The load itself: the client loops and a sampler that reads the daemon's RSS every half second and
    /// its CPU at each window's end.
    private func load(url: String, seconds: Double, window: Double, concurrency: Int, transport: HTTPTransport) async -> [SoakWindow] {
        let count = max(1, Int((seconds / window).rounded(.up)))
        let bounds = (0..<count).map { (start: Double($0) * window, end: min(Double($0 + 1) * window, seconds)) }
        let tally = SoakTally(windows: count)
        let next = RequestCounter()
        let clock = ContinuousClock()
        let started = clock.now
        let end = started + .nanoseconds(Int64(seconds * 1e9))
        let elapsed: @Sendable () -> Double = { (clock.now - started).inSeconds }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [daemonPID, simPID] in
                var daemonCPU = daemonPID.flatMap { ChildProcessCPU.seconds(pid: $0) }
                var simCPU = simPID.flatMap { ChildProcessCPU.seconds(pid: $0) }
                for (index, bound) in bounds.enumerated() {
                    while true {
                        if let daemonPID, let bytes = ProcessMemory.residentBytes(pid: daemonPID) {
                            tally.sampleRSS(window: index, bytes: bytes)
                        }
                        let left = bound.end - elapsed()
                        if left <= 0 { break }
                        try? await Task.sleep(nanoseconds: UInt64(min(left, 0.5) * 1e9))
                    }
                    let daemonNow = daemonPID.flatMap { ChildProcessCPU.seconds(pid: $0) }
                    let simNow = simPID.flatMap { ChildProcessCPU.seconds(pid: $0) }
                    tally.recordCPU(
                        window: index, daemon: daemonNow.flatMap { now in daemonCPU.map { now - $0 } },
                        sim: simNow.flatMap { now in simCPU.map { now - $0 } })
                    daemonCPU = daemonNow
                    simCPU = simNow
                }
            }
            for _ in 0..<concurrency {
                group.addTask {
                    while clock.now < end {
                        let body = request(next.take())
                        let begin = clock.now
                        var errorKind: String?
                        do {
                            let status = try await transport.bareExchange(url: url, body: body)
                            if !(200..<300).contains(status) { errorKind = "HTTP \(status)" }
                        } catch {
                            errorKind = Self.kind(of: error)
                        }
                        let finished = clock.now
                        tally.record(
                            window: Int((finished - started).inSeconds / window),
                            latency: UInt64(max(0, (finished - begin).inSeconds) * 1e9), errorKind: errorKind)
                    }
                }
            }
        }
        return tally.windows(bounds: bounds)
    }

    /// A transport error's kind, short enough for a table: its description's first line, at most 80 characters.
    static func kind(of error: any Error) -> String {
        let text = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(type(of: error))"
        return "transport: " + (text.count > 80 ? String(text.prefix(80)) + "…" : text)
    }
}

/// The number of the next request, shared by the client loops (round-robin over the strategies).
private final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)

    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}
