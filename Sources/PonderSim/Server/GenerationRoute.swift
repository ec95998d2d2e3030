import Hummingbird
import NIOCore
import PonderCore

extension SimService {
    /// `POST /v1/chat/completions` and `POST /v1/completions`.
    func generate(_ endpoint: GenerationEndpoint, request: Request, context: SimRequestContext) async throws -> Response {
        let ticket = stats.begin(endpoint.path)
        defer { ticket.hold() }
        let ordinal = nextOrdinal()
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let fault = faults.fault(forRequest: ordinal)
        if let fault { stats.fault(fault) }
        if let replacement = await replacement(for: fault, context: context) { return replacement }

        let input: GenerationRequest
        switch GenerationRequest.read(endpoint, body: body, configuration: configuration) {
        case .success(let value): input = value
        case .failure(.badRequest(let error)): return badRequest(error)
        case .failure(.unknownModel(let name)): return unknownModel(name)
        }

        let (promptTokens, blocks) = SimTokenizer.blockHashes(input.prompt.text)
        let cachedTokens = cache.withLock { $0.admit(tokenCount: promptTokens, blocks: blocks) }
        let choices = model.generate(input.prompt, sampling: input.sampling, ordinal: ordinal)
        let generated = choices.reduce(0) { $0 + $1.completionTokens }
        let reported = configuration.usageFirstChoiceOnly ? choices[0].completionTokens : generated

        // Wait for the stall, a slot and the simulated compute; give up if the client goes away.
        var lease: SlotLease?
        if fault == .stall || configuration.paces {
            let prefill = configuration.promptTokensPerSecond > 0
                ? Double(promptTokens - cachedTokens) / configuration.promptTokensPerSecond : 0
            let longest = choices.map(\.completionTokens).max() ?? 0
            let decode = !input.stream && configuration.tokensPerSecond > 0
                ? Double(longest) / configuration.tokensPerSecond : 0
            let slots = self.slots
            let stallSeconds = configuration.stallSeconds
            lease = try await waitUnlessDisconnected(context.channel) {
                if fault == .stall { try await Task.sleep(for: .seconds(stallSeconds)) }
                let lease = try await slots?.acquire()
                if prefill + decode > 0 { try await Task.sleep(for: .seconds(prefill + decode)) }
                return lease
            }
        }

        stats.served(
            promptTokens: promptTokens, cachedTokens: cachedTokens, completionTokens: generated, reported: reported,
            choices: choices.count)
        let renderer = ResponseRenderer(
            endpoint: endpoint, id: responseID(endpoint, body: body, sampling: input.sampling, ordinal: ordinal),
            created: configuration.created, model: configuration.modelName, choices: choices,
            usage: UsageBody(promptTokens: promptTokens, completionTokens: reported, cachedTokens: cachedTokens),
            timings: configuration.usageFirstChoiceOnly ? ServerTimings(predictedN: choices[0].completionTokens) : nil)

        guard input.stream else {
            lease?.release()
            return send(renderer.body(), fault: fault, ticket: ticket, channel: context.channel)
        }
        let interval: Double? = fault == .slowStream
            ? configuration.slowStreamInterval
            : configuration.tokensPerSecond > 0 ? 1 / configuration.tokensPerSecond : nil
        return EventStream(
            ticks: renderer.streamTicks(includeUsage: input.includeUsage), interval: interval,
            breaksOff: fault == .malformed,
            brokenEvent: "data: {\"id\":\"\(renderer.id)\",\"object\":\"\(endpoint.chunkObject)\",\"choi\n\n",
            watch: interval == nil && fault != .stallMidStream ? nil : connections.watch(for: context.channel),
            stallMidway: fault == .stallMidStream ? configuration.stallSeconds : nil
        ).response(holding: lease, ticket: ticket)
    }

    /// A response id that is a function of the seed and the request, plus the request ordinal when the
    /// response depends on it (sampling at T > 0 without a request seed).
    func responseID(_ endpoint: GenerationEndpoint, body: ByteBuffer, sampling: SamplingParameters, ordinal: UInt64)
        -> String
    {
        var hash = body.withUnsafeReadableBytes { StableHash.bytes($0, seed: configuration.seed) }
        if sampling.seed == nil, (sampling.temperature ?? SimModel.defaultTemperature) > 0 {
            hash = StableHash.combine(hash, ordinal)
        }
        let hex = String(hash, radix: 16)
        return endpoint.idPrefix + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
