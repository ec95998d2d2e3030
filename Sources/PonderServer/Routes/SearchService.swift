import Hummingbird
import PonderBackends
import PonderCore
import PonderEngine

/// Runs the searches behind both completion routes: admission control first, then the engine, then
/// the bookkeeping every finished search gets — its trace kept under the request id, its tokens
/// counted in the metrics and against the client's daily allowance.
struct SearchService: Sendable {
    let engine: Engine
    /// What the `ponder` object says of each preset.
    let presets: PresetSummaries
    let traces: TraceStore
    let admission: AdmissionControl
    let metrics: ServerMetrics
    /// The policy model id, for metric labels.
    let model: String
    /// Removes keys from error messages that quote an upstream's words.
    let redactor: SecretRedactor
    /// The `--record` writer; nil when the daemon keeps no record of answered requests.
    let recorder: RequestRecorder?

    /// Takes a search slot or refuses with 429. The caller must `release()` after a true.
    func admit() async throws(APIError) {
        guard await admission.acquire() else {
            metrics.admissionRefused()
            throw APIError.overloaded(
                "The server is running \(admission.limit) searches with \(admission.queueDepth) waiting; try again shortly.")
        }
    }

    func release() { admission.release() }

    /// The common path of both completion routes: takes a slot, then streams (the stream gives the slot
    /// back when it ends) or solves and lets `respond` shape the answer from the top `n` distinct
    /// candidates. Out of line (as `solve` is), so that each keeps an async frame of its own and none
    /// grows past the task allocator's slab, which would cost every request an allocation of its own.
    @inline(never)
    func answer(
        _ request: SearchRequest, format: StreamFormat, context: PonderRequestContext,
        respond: (Solution, [Candidate]) -> DaemonResponse
    ) async throws(APIError) -> DaemonResponse {
        context.notes.strategy = request.preset
        let request = try withinTodaysAllowance(request, client: context.client)
        try await admit()
        if request.stream {
            return await StreamingSearch(service: self, request: request, format: format, context: context).start()
        }
        defer { release() }
        let solution = try await solve(request, context: context)
        return try conclude(request, solution: solution, format: format, context: context, respond: respond)
    }

    /// The answer from a finished search, out of line: the candidates, the record and the response are
    /// built on the thread's stack rather than in the async frame of every request.
    @inline(never)
    private func conclude(
        _ request: SearchRequest, solution: Solution, format: StreamFormat, context: PonderRequestContext,
        respond: (Solution, [Candidate]) -> DaemonResponse
    ) throws(APIError) -> DaemonResponse {
        let candidates = try DistinctCandidates.top(request.n, of: solution)
        if recorder != nil {
            record(
                request, format: format, context: context,
                choices: candidates.map { .init(text: $0.text, finishReason: $0.isComplete ? "stop" : "length") },
                usage: solution.usage, cutShort: solution.cutShort, trace: solution.trace)
        }
        return redactor.redacting(respond(solution, candidates))
    }

    /// The request with its token budget capped at what its client's key has left today.
    private func withinTodaysAllowance(_ request: SearchRequest, client: ClientAccount?) throws(APIError) -> SearchRequest {
        guard let client, let left = client.tokensLeftToday() else { return request }
        guard left > request.problem.promptTokenEstimate() else {
            throw APIError.rateLimited(
                "API key '\(client.name)' has \(left) tokens left today (UTC), fewer than this request's prompt.",
                retryAfter: ClientAccount.secondsUntilMidnight())
        }
        var capped = request
        capped.budget.maxTotalTokens = min(request.budget.maxTotalTokens ?? left, left)
        return capped
    }

    /// Solves a request that already holds a slot.
    @inline(never)
    func solve(_ request: SearchRequest, context: PonderRequestContext, onProgress: (@Sendable (SearchProgress) -> Void)? = nil) async throws(APIError) -> Solution {
        let solution: Solution
        do {
            solution = try await engine.solve(
                problem: request.problem, preset: request.preset, budget: request.budget, seed: request.seed,
                sampling: request.sampling, onProgress: onProgress)
        } catch {
            context.notes.failure = String(describing: error)
            throw Self.apiError(for: error)
        }
        finished(request, usage: solution.usage, cutShort: solution.cutShort, trace: solution.trace, context: context)
        return solution
    }

    /// What the client is told when the search failed.
    @inline(never)
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as BackendError: describe(error)
        case is CancellationError:
            APIError(status: .init(code: 499, reasonPhrase: "Client Closed Request"), body: ErrorBody(message: "cancelled"))
        default: APIError.upstream("The search failed: \(error)")
        }
    }

    /// Bookkeeping for a finished search (or a streamed single call).
    @inline(never)
    func finished(_ request: SearchRequest, usage: Usage, cutShort: StopReason?, trace: SearchTrace?, context: PonderRequestContext) {
        if let trace { traces.store(trace, id: context.requestID, owner: context.client?.name) }
        metrics.searchFinished(model: model, strategy: request.preset, usage: usage, cutShort: cutShort)
        context.client?.charge(tokens: usage.promptTokens + usage.completionTokens)
    }

    /// 504 when the model endpoint timed out, 502 for every other upstream failure. The client is told
    /// which endpoint failed and how, not the replica's address or the socket's error text (those are
    /// the operator's: the request's log line carries them); a model server's own error message is
    /// passed on, since it speaks of the client's request (a prompt too long for the model, say).
    static func describe(_ error: BackendError) -> APIError {
        switch error {
        case .timeout(let endpoint, _, let kind, let seconds):
            return .timeout("The model endpoint '\(endpoint)' timed out (\(kind.rawValue), after \(seconds) s).")
        case .http(let endpoint, _, let status, let message, let retryAfter):
            var error = APIError.upstream("The model endpoint '\(endpoint)' answered HTTP \(status): \(message)")
            if status == 429 || status == 503, let retryAfter {
                // Busy, and it said for how long: the client may try again then.
                error.status = .serviceUnavailable
                error.body.error.code = "upstream_busy"
                error.retryAfter = max(1, Int(retryAfter.rounded(.up)))
            }
            return error
        case .connection(let endpoint, _, _):
            return .upstream("The model endpoint '\(endpoint)' could not be reached, or broke off its answer.")
        case .malformedResponse(let endpoint, _, _):
            return .upstream("The model endpoint '\(endpoint)' sent a response Ponder could not read.")
        case .noHealthyReplica(let endpoint, let replicas, _):
            return .upstream("The model endpoint '\(endpoint)' has no healthy replica (\(replicas) configured).")
        case .retriesExhausted(let endpoint, let attempts, _, let timedOut):
            let message = "The model endpoint '\(endpoint)' \(timedOut ? "timed out" : "failed"): Ponder gave up after \(attempts) attempts."
            return timedOut ? .timeout(message) : .upstream(message)
        }
    }
}
