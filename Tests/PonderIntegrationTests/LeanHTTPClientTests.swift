import NIOCore
import NIOHTTP1
import NIOPosix
@testable import PonderBackends
import PonderBench
import PonderCore
import PonderSim
import Synchronization
import Testing

/// The lean HTTP client against the sim and against a tiny server of its own that counts connections.
@Suite struct LeanHTTPClientTests {
    // MARK: Correctness and reuse

    @Test func concurrentCallsEachGetTheirOwnAnswer() async throws {
        try await SimHarness.withSim { sim in
            let lean = HTTPTransport(nonStreamingClient: .lean)
            let reference = HTTPTransport(nonStreamingClient: .asyncHTTPClient)
            // A test of answers, not of speed: 256 calls at once on a busy 2-core machine get time enough.
            let timeouts = EndpointTimeouts(firstByte: 60, idle: 60, total: 60)
            let leanClient = Self.endpointClient(sim.baseURL, transport: lean, timeouts: timeouts)
            let referenceClient = Self.endpointClient(sim.baseURL, transport: reference, timeouts: timeouts)
            let problems = SimHarness.problems
            let calls = 256
            func sampling(_ i: Int) -> SamplingParameters { .init(temperature: 0.8, seed: UInt64(i), maxTokens: 48) }

            let answers: [[String]]
            do {
                answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                    for i in 0..<calls {
                        group.addTask {
                            let generation = try await leanClient.chat([.user(problems[i % problems.count].question)], sampling: sampling(i))
                            return (i, generation.choices.map(\.text))
                        }
                    }
                    var answers = Array(repeating: [String](), count: calls)
                    for try await (i, texts) in group { answers[i] = texts }
                    return answers
                }
            } catch {
                // Shut down whatever happens: an AsyncHTTPClient dropped unclosed traps, taking every test with it.
                try await lean.shutdown()
                try await reference.shutdown()
                throw error
            }
            for i in stride(from: 0, to: calls, by: 7) {
                let expected = try await referenceClient.chat([.user(problems[i % problems.count].question)], sampling: sampling(i))
                #expect(answers[i] == expected.choices.map(\.text), "call \(i) got another call's answer")
            }
            #expect(sim.stats().totalRequests == calls + (calls + 6) / 7)
            try await lean.shutdown()
            try await reference.shutdown()
        }
    }

    @Test func sequentialCallsReuseOneConnection() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            for i in 0..<50 {
                let response = try await client.execute(server.echo("call \(i)"), deadline: .now() + .seconds(10))
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "call \(i)")
                #expect(response.contentType == "application/json")
            }
            #expect(server.accepted == 1)
            await client.shutdown()
        }
    }

    @Test func concurrentCallsReuseConnectionsUpToTheirConcurrency() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        for i in 0..<20 {
                            let text = "worker \(worker) call \(i)"
                            let response = try await client.execute(server.echo(text), deadline: .now() + .seconds(10))
                            #expect(String(buffer: response.body) == text)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(server.accepted >= 1 && server.accepted <= 16, "accepted \(server.accepted) connections for 16 in flight")
            await client.shutdown()
        }
    }

    /// Runs a task's jobs on one event loop, as the daemon runs a request's (the client then sees its
    /// caller on that loop).
    final class LoopTaskExecutor: TaskExecutor {
        let loop: any EventLoop
        init(_ loop: any EventLoop) { self.loop = loop }

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    @Test func aBusyPoolGivesACallersLoopAConnectionOfItsOwnAndALightOneSharesItsConnections() async throws {
        try await CountingServer.with { server in
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 3)
            let loops = group.makeIterator().map { LoopTaskExecutor($0) }
            let client = LeanHTTPClient(eventLoopGroup: group)
            @Sendable func call(_ path: String, _ text: String, on loop: LoopTaskExecutor) async throws -> String {
                try await withTaskExecutorPreference(loop) {
                    let response = try await client.execute(server.request(path, body: text), deadline: .now() + .seconds(20))
                    #expect(loop.loop.inEventLoop, "the answer comes back on the caller's loop")
                    return String(buffer: response.body)
                }
            }
            /// `count` calls to `path` at once from `loop`, each answered with its own text.
            @Sendable func callsAtOnce(_ count: Int, _ path: String, on loop: LoopTaskExecutor) async throws {
                try await withThrowingTaskGroup(of: Void.self) { calls in
                    for i in 0..<count {
                        calls.addTask {
                            let answer = try await call(path, "call \(i)", on: loop)
                            #expect(answer == "call \(i)")
                        }
                    }
                    try await calls.waitForAll()
                }
            }
            // Loop A opens four connections (four calls at once), then all four sit idle.
            try await callsAtOnce(4, "/slow", on: loops[0])
            #expect(server.accepted == 4)
            // Three of them in use and one idle: the pool is busy, so loop B's call gets a connection made
            // on loop B rather than loop A's idle one.
            let busy = Task { try await callsAtOnce(3, "/slow?ms=3000", on: loops[0]) }
            try await server.waitUntil { $0.inFlight == 3 }
            let answerB = try await call("/echo", "loop B", on: loops[1])
            #expect(answerB == "loop B")
            #expect(server.accepted == 5)
            try await busy.value
            // Nothing in use and five idle: loop C takes one of another loop's rather than add a sixth.
            let answerC = try await call("/echo", "loop C", on: loops[2])
            #expect(answerC == "loop C")
            #expect(server.accepted == 5)
            await client.shutdown()
            try await group.shutdownGracefully()
        }
    }

    @Test func callsBeyondTheCapWaitTheirTurn() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient(configuration: .init(maxConnectionsPerHost: 2))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<12 {
                    group.addTask {
                        let response = try await client.execute(server.request("/slow", body: "\(i)"), deadline: .now() + .seconds(10))
                        #expect(String(buffer: response.body) == "\(i)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(server.accepted == 2)
            #expect(server.maxInFlight == 2)
            await client.shutdown()
        }
    }

    @Test func connectionCloseIsHonouredAndTheConnectionNeverReused() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            for i in 0..<5 {
                let response = try await client.execute(server.request("/close", body: "\(i)"), deadline: .now() + .seconds(10))
                #expect(String(buffer: response.body) == "\(i)")
            }
            #expect(server.accepted == 5)
            await client.shutdown()
        }
    }

    @Test func aConnectionTheServerClosedWhileIdleIsDropped() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            for i in 0..<3 {
                // The server answers as if keeping the connection, then closes it.
                let response = try await client.execute(server.request("/eof", body: "\(i)"), deadline: .now() + .seconds(10))
                #expect(String(buffer: response.body) == "\(i)")
                try await server.waitUntil { $0.closed == i + 1 }
                // And until the client has read the close too (on a busy machine that can take a while).
                try await Self.waitUntil { client.openConnections(to: server.request("/").url) == 0 }
            }
            let response = try await client.execute(server.echo("after"), deadline: .now() + .seconds(10))
            #expect(String(buffer: response.body) == "after")
            #expect(server.accepted == 4)
            await client.shutdown()
        }
    }

    /// A connection that closes on its first request, unanswered, fails the call (the endpoint pool
    /// decides whether to try again).
    @Test func aFreshConnectionClosedUnansweredFailsTheCall() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            await #expect(throws: (any Error).self) {
                _ = try await client.execute(server.request("/hangup"), deadline: .now() + .seconds(10))
            }
            #expect(server.accepted == 1)
            await client.shutdown()
        }
    }

    // MARK: Errors, as the endpoint pool sees them

    @Test func serverErrorsBecomeTypedErrorsWithMessageAndRetryAfter() async throws {
        let limited = SimConfiguration(faultRate: 1, faults: [.rateLimitedRetryAfter], retryAfterSeconds: 3)
        let broken = SimConfiguration(faultRate: 1, faults: [.serverError])
        try await SimHarness.withSims([limited, broken]) { sims in
            let transport = HTTPTransport(nonStreamingClient: .lean)
            let rateLimited = await Self.failure(of: Self.endpointClient(sims[0].baseURL, transport: transport))
            guard case .http(_, _, let status, let message, let retryAfter) = rateLimited else {
                Issue.record("expected an HTTP error, got \(String(describing: rateLimited))")
                return
            }
            #expect(status == 429)
            #expect(message == "Simulated rate limit")
            #expect(retryAfter == 3)

            let serverError = await Self.failure(of: Self.endpointClient(sims[1].baseURL, transport: transport))
            #expect(serverError?.status == 500)
            #expect(serverError?.description.contains("Simulated internal server error") == true)
            #expect(serverError?.isRetryable == true)
            try await transport.shutdown()
        }
    }

    @Test func errorStatusFromAPlainServerKeepsItsRetryAfter() async throws {
        try await CountingServer.with { server in
            let transport = HTTPTransport(nonStreamingClient: .lean)
            let error = await Self.failure(of: Self.endpointClient(server.baseURL + "/error", transport: transport))
            guard case .http(_, _, 503, let message, let retryAfter) = error else {
                Issue.record("expected HTTP 503, got \(String(describing: error))")
                return
            }
            #expect(message == "overloaded, try later")
            #expect(retryAfter == 7)
            try await transport.shutdown()
        }
    }

    @Test func malformedAndResetResponsesAreClassifiedAsBefore() async throws {
        let malformed = SimConfiguration(faultRate: 1, faults: [.malformed])
        let reset = SimConfiguration(faultRate: 1, faults: [.reset])
        try await SimHarness.withSims([malformed, reset]) { sims in
            let transport = HTTPTransport(nonStreamingClient: .lean)
            guard case .malformedResponse = await Self.failure(of: Self.endpointClient(sims[0].baseURL, transport: transport)) else {
                Issue.record("a truncated body should be a malformed response")
                return
            }
            guard case .connection = await Self.failure(of: Self.endpointClient(sims[1].baseURL, transport: transport)) else {
                Issue.record("a reset connection should be a connection error")
                return
            }
            try await transport.shutdown()
        }
    }

    @Test func refusedConnectionIsAConnectionError() async throws {
        let closed = try ClosedPort()
        let transport = HTTPTransport(nonStreamingClient: .lean)
        let clock = ContinuousClock()
        let started = clock.now
        let error = await Self.failure(of: Self.endpointClient(closed.baseURL, transport: transport))
        try await transport.shutdown()
        guard case .connection = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
        #expect(clock.now - started < .seconds(15), "a refused connect fails at once, not at a timeout")
        closed.release()
    }

    @Test func aStalledServerIsCutAtTheTotalTimeout() async throws {
        let stalled = SimConfiguration(faultRate: 1, faults: [.stall], stallSeconds: 30)
        try await SimHarness.withSim(stalled) { sim in
            let transport = HTTPTransport(nonStreamingClient: .lean)
            let client = Self.endpointClient(sim.baseURL, transport: transport, timeouts: .init(firstByte: 5, idle: 5, total: 0.5))
            let clock = ContinuousClock()
            let started = clock.now
            let error = await Self.failure(of: client)
            guard case .timeout(_, _, .total, let seconds) = error else {
                Issue.record("expected a total timeout, got \(String(describing: error))")
                return
            }
            #expect(seconds == 0.5)
            let elapsed = clock.now - started
            #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(15), "took \(elapsed), the stall lasts 30 s")
            try await transport.shutdown()
        }
    }

    @Test func theDeadlineClosesTheConnection() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            await #expect(throws: LeanHTTPError.deadlineExceeded) {
                _ = try await client.execute(server.request("/stall"), deadline: .now() + .milliseconds(300))
            }
            try await server.waitUntil { $0.closed == 1 }
            await client.shutdown()
        }
    }

    @Test func aCallWaitingForAConnectionStillKeepsItsDeadline() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient(configuration: .init(maxConnectionsPerHost: 1))
            let holder = Task { try await client.execute(server.request("/stall"), deadline: .now() + .seconds(30)) }
            try await server.waitUntil { $0.accepted == 1 }
            let clock = ContinuousClock()
            let started = clock.now
            await #expect(throws: LeanHTTPError.deadlineExceeded) {
                _ = try await client.execute(server.echo("queued"), deadline: .now() + .milliseconds(300))
            }
            #expect(clock.now - started < .seconds(15), "the queued call did not wait for the 30 s holder")
            holder.cancel()
            _ = await holder.result
            await client.shutdown()
        }
    }

    @Test func cancellingTheCallerFailsFastAndClosesTheConnection() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            let call = Task { try await client.execute(server.request("/stall"), deadline: .now() + .seconds(30)) }
            try await server.waitUntil { $0.requests == 1 }
            let clock = ContinuousClock()
            let started = clock.now
            call.cancel()
            let result = await call.result
            // Far sooner than the 30 s deadline (the bound is loose because tests share the CPU).
            #expect(clock.now - started < .seconds(15))
            #expect(throws: CancellationError.self) { try result.get() }
            try await server.waitUntil { $0.closed == 1 }
            // The pool is not poisoned: the next call opens a fresh connection.
            let response = try await client.execute(server.echo("next"), deadline: .now() + .seconds(10))
            #expect(String(buffer: response.body) == "next")
            await client.shutdown()
        }
    }

    @Test func cancellingAQueuedCallLeavesTheRunningOneAlone() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient(configuration: .init(maxConnectionsPerHost: 1))
            // Long enough that the cancel below comes while it runs, even on a machine busy with other tests.
            let running = Task { try await client.execute(server.request("/slow?ms=5000", body: "first"), deadline: .now() + .seconds(20)) }
            try await server.waitUntil { $0.requests == 1 }
            let queued = Task { try await client.execute(server.echo("second"), deadline: .now() + .seconds(10)) }
            try await Task.sleep(for: .milliseconds(10))
            queued.cancel()
            let queuedResult = await queued.result
            #expect(throws: CancellationError.self) { try queuedResult.get() }
            let first = try await running.value
            #expect(String(buffer: first.body) == "first")
            #expect(server.accepted == 1, "the running call's connection was not closed")
            await client.shutdown()
        }
    }

    @Test func aCallCancelledBeforeItStartsNeverTouchesTheNetwork() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            let call = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(server.echo("never"), deadline: .now() + .seconds(10))
            }
            let result = await call.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(server.accepted == 0)
            await client.shutdown()
        }
    }

    @Test(arguments: [false, true])
    func aBodyLargerThanTheLimitIsRefused(chunked: Bool) async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            let path = "/big?bytes=\(3 << 20)" + (chunked ? "&chunked" : "")
            await #expect(throws: LeanHTTPError.responseTooLarge(limit: 1 << 20)) {
                _ = try await client.execute(server.request(path), deadline: .now() + .seconds(10), responseLimit: 1 << 20)
            }
            try await server.waitUntil { $0.closed == 1 }
            let whole = try await client.execute(server.request(path), deadline: .now() + .seconds(10), responseLimit: 4 << 20)
            #expect(whole.body.readableBytes == 3 << 20)
            await client.shutdown()
        }
    }

    @Test func theRequestCarriesItsHeadersHostAndLength() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            var request = server.request("/v1/headers?x=1", body: "12345")
            request.headers.add(name: "Authorization", value: "Bearer sk-test")
            let response = try await client.execute(request, deadline: .now() + .seconds(10))
            let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
            #expect(lines.first == "POST /v1/headers?x=1")
            #expect(Set(lines.dropFirst()) == [
                "Content-Type: application/json", "Authorization: Bearer sk-test", "Host: \(request.url.hostHeader)", "Content-Length: 5",
            ])
            let get = try await client.execute(server.request("/headers"), deadline: .now() + .seconds(10))
            #expect(String(buffer: get.body).hasPrefix("GET /headers\n"))
            #expect(!String(buffer: get.body).contains("Content-Length"), "no body, no length")
            await client.shutdown()
        }
    }

    @Test func aHeaderThatWouldSplitTheRequestIsRefusedBeforeAnythingIsSent() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            for (name, value) in [("Authorization", "Bearer sk-test\r\nX-Injected: 1"), ("Authorization", "a\u{0}b"), ("X-Control", "a\u{1B}b"), ("Bad Name", "x")] {
                var request = server.echo("hello")
                request.headers.add(name: name, value: value)
                await #expect(throws: LeanHTTPError.invalidHeader(name: name)) {
                    try await client.execute(request, deadline: .now() + .seconds(10))
                }
            }
            #expect(server.accepted == 0, "nothing reached the server")
            await client.shutdown()
        }
    }

    @Test func aRouteSendsWhatTheSameRequestWouldWithEachBodysLength() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            let url = server.request("/v1/headers?x=1").url
            let route = try client.route(method: .POST, url: url, headers: ["Content-Type": "application/json", "Authorization": "Bearer sk-test"])
            for body in ["12345", "", String(repeating: "x", count: 1234)] {
                let response = try await client.execute(route, body: Array(body.utf8), deadline: .now() + .seconds(10))
                let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
                #expect(lines.first == "POST /v1/headers?x=1")
                #expect(Set(lines.dropFirst()) == [
                    "Content-Type: application/json", "Authorization: Bearer sk-test", "Host: \(url.hostHeader)", "Content-Length: \(body.utf8.count)",
                ])
            }
            #expect(server.accepted == 1, "the route's calls share one kept-alive connection")
            await client.shutdown()
        }
    }

    @Test func aRouteWithAHeaderThatWouldSplitTheRequestIsRefused() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            #expect(throws: LeanHTTPError.invalidHeader(name: "Authorization")) {
                try client.route(method: .POST, url: server.echo("x").url, headers: ["Authorization": "Bearer sk\r\nX-Injected: 1"])
            }
            // Through the transport the refusal is the call's error, as it was when every call wrote its own head.
            let transport = HTTPTransport()
            let target = transport.jsonPostTarget(url: "http://\(server.echo("x").url.hostHeader)/echo", apiKey: "sk\nX-Injected: 1")
            await #expect(throws: BackendError.self) {
                _ = try await transport.postJSON(
                    ModelList.self, to: target, body: Array("{}".utf8), apiKey: "sk\nX-Injected: 1", timeouts: EndpointTimeouts(),
                    target: .init(endpoint: "e", replica: target.url))
            }
            #expect(server.accepted == 0, "nothing reached the server")
            try await transport.shutdown()
            await client.shutdown()
        }
    }

    @Test func aShutDownClientRefusesCalls() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            _ = try await client.execute(server.echo("before"), deadline: .now() + .seconds(10))
            await client.shutdown()
            try await server.waitUntil { $0.closed == 1 }
            await #expect(throws: LeanHTTPError.shutDown) {
                _ = try await client.execute(server.echo("after"), deadline: .now() + .seconds(10))
            }
        }
    }

    @Test func theAsyncHTTPClientEscapeHatchStillWorks() async throws {
        try await SimHarness.withSim { sim in
            let transport = HTTPTransport(nonStreamingClient: .asyncHTTPClient)
            #expect(transport.nonStreamingClient == .asyncHTTPClient)
            let generation = try await Self.endpointClient(sim.baseURL, transport: transport)
                .chat([.user(SimHarness.question.question)], sampling: .init(temperature: 0))
            #expect(generation.choices[0].text.contains("\\boxed{"))
            try await transport.shutdown()
        }
    }

    @Test func modelsListGoesThroughTheLeanClientToo() async throws {
        try await SimHarness.withSim { sim in
            let transport = HTTPTransport(nonStreamingClient: .lean)
            let models = try await Self.endpointClient(sim.baseURL, transport: transport).models()
            #expect(models.data.map(\.id) == ["sim-reasoner"])
            try await transport.shutdown()
        }
    }

    // MARK: Helpers

    static func endpointClient(
        _ url: String, transport: HTTPTransport, timeouts: EndpointTimeouts = .init(firstByte: 5, idle: 2, total: 10)
    ) -> EndpointClient {
        EndpointClient(
            configuration: EndpointConfiguration(
                name: "lean", model: "sim-reasoner", replicas: [url], timeouts: timeouts,
                retry: RetryPolicy(maxAttempts: 1)),
            transport: transport)
    }

    /// Polls until `condition` holds (at most ten seconds).
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the condition never held")
    }

    /// The error of one chat call that is expected to fail.
    static func failure(of client: EndpointClient) async -> BackendError? {
        do {
            _ = try await client.chat([.user(SimHarness.question.question)], sampling: .init(maxTokens: 8))
            return nil
        } catch {
            return error as? BackendError
        }
    }
}

// MARK: - A server that counts connections

/// A tiny HTTP/1.1 server whose routes misbehave on purpose, counting the connections it accepts and
/// sees closed and the requests it has in flight.
final class CountingServer: Sendable {
    struct Counts {
        var accepted = 0
        var closed = 0
        var requests = 0
        var inFlight = 0
        var maxInFlight = 0
    }

    let counts = Mutex(Counts())
    private let channel = Mutex<(any Channel)?>(nil)

    var accepted: Int { counts.withLock { $0.accepted } }
    var maxInFlight: Int { counts.withLock { $0.maxInFlight } }
    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func with(_ body: (CountingServer) async throws -> Void) async throws {
        let server = CountingServer()
        try await LoopbackTestServer.run(prepare: { channel in
            server.counts.withLock { $0.accepted += 1 }
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(RouteHandler(server: server))
        }) { channel in
            server.channel.withLock { $0 = channel }
            try await body(server)
        }
    }

    func request(_ path: String, body: String? = nil) -> LeanRequest {
        LeanRequest(
            method: body == nil ? .GET : .POST, url: LeanURL(baseURL + path)!,
            headers: ["Content-Type": "application/json"], body: body.map { ByteBuffer(string: $0) })
    }

    func echo(_ text: String) -> LeanRequest { request("/echo", body: text) }

    /// Polls the counters until `condition` holds (at most two seconds).
    func waitUntil(_ condition: (Counts) -> Bool) async throws {
        for _ in 0..<200 {
            if counts.withLock({ condition($0) }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the server never reached the expected state: \(counts.withLock { $0 })")
    }
}

/// `/echo` answers the body; `/slow[?ms=N]` too, after 50 (or N) ms; `/close` answers with `Connection: close`;
/// `/eof` answers as if keeping the connection, then closes it; `/error` is a 503 with `Retry-After`;
/// `/big?bytes=N[&chunked]` sends N bytes; `/stall` never answers; `/hangup` closes unanswered; `/headers` answers
/// the request line's method and target, then the request's header lines. Paths may carry a prefix
/// (`/error/chat/completions`).
final class RouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: CountingServer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(server: CountingServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            server.counts.withLock {
                $0.requests += 1
                $0.inFlight += 1
                $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
            }
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let uri = head?.uri else { return }
            route(uri, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.counts.withLock { $0.closed += 1 }
        context.fireChannelInactive()
    }

    private func route(_ uri: String, context: ChannelHandlerContext) {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? uri
        var query: [String: String] = [:]
        for item in parts.dropFirst().first?.split(separator: "&") ?? [] {
            let pair = item.split(separator: "=", maxSplits: 1)
            query[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        if path.hasPrefix("/error") {
            respond(
                context, status: .serviceUnavailable, headers: json.adding("Retry-After", "7"),
                body: ByteBuffer(string: #"{"error": {"message": "overloaded, try later"}}"#))
        } else if path.hasSuffix("/slow") {
            let body = self.body
            let delay = query["ms"].flatMap { Int64($0) } ?? 50
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(delay)) {
                self.respond(context, headers: json, body: body)
            }
        } else if path.hasSuffix("/close") {
            respond(context, headers: json.adding("Connection", "close"), body: body, thenClose: true)
        } else if path.hasSuffix("/eof") {
            respond(context, headers: json, body: body, thenClose: true)
        } else if path.hasSuffix("/big") {
            let bytes = query["bytes"].flatMap { Int($0) } ?? 0
            let headers = query["chunked"] != nil ? json : json.adding("Content-Length", String(bytes))
            respond(context, headers: headers, body: ByteBuffer(repeating: UInt8(ascii: "x"), count: bytes))
        } else if path.hasSuffix("/stall") {
            return
        } else if path.hasSuffix("/hangup") {
            context.close(promise: nil)
        } else if path.hasSuffix("/headers") {
            let lines = (head?.headers ?? [:]).map { "\($0.name): \($0.value)\n" }.joined()
            respond(context, headers: json, body: ByteBuffer(string: "\(head?.method.rawValue ?? "") \(head?.uri ?? "")\n" + lines))
        } else {
            respond(context, headers: json, body: body)
        }
    }

    private func respond(
        _ context: ChannelHandlerContext, status: HTTPResponseStatus = .ok, headers: HTTPHeaders, body: ByteBuffer,
        thenClose: Bool = false
    ) {
        server.counts.withLock { $0.inFlight -= 1 }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        // A chunked body goes out in pieces, so the client sees it grow.
        var remaining = body
        while let piece = remaining.readSlice(length: min(64 << 10, remaining.readableBytes)), piece.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if thenClose { channel.close(promise: nil) }
        }
    }
}

extension HTTPHeaders {
    fileprivate func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.add(name: name, value: value)
        return copy
    }
}
