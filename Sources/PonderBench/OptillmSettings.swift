/// The knobs of `ponder bench optillm`: what runs, how much, and against which sim.
///
/// The defaults are sized for a small shared machine (a few minutes in all); the counts for optillm
/// are smaller than for Ponder because it serves a request in tens of milliseconds where Ponder takes
/// a fraction of one, and each figure needs time, not a number of requests, to settle.
public struct OptillmSettings: Sendable, Encodable {
    /// The parts of the run, each of which can be left out.
    public enum Part: String, Sendable, Encodable, CaseIterable {
        case passThrough = "pass-through"
        case fanOut = "fan-out"
        case delayed
        case scale
        case accuracy
    }

    /// A problem of the accuracy part: the question and the reference answer.
    public struct Problem: Sendable, Encodable {
        public var id: String
        public var question: String
        public var answer: String

        public init(id: String, question: String, answer: String) {
            self.id = id
            self.question = question
            self.answer = answer
        }
    }

    public var parts: [Part] = Part.allCases
    /// The model id the sim serves.
    public var model = "sim-reasoner"
    /// The user message of every load request (pass-through, fan-out, delayed, scale).
    public var question = "Start with 12. Add 21. Add 9. Multiply the result by 6. Subtract 20. Multiply the result by 8. What is the result?"
    /// `max_tokens` of the pass-through requests (as `ponder bench proxy`).
    public var passThroughMaxTokens = 64
    /// `max_tokens` of every multi-sample request: enough that no sample is cut off, which optillm's
    /// `self_consistency` would drop.
    public var sampleMaxTokens = 1024

    /// Concurrent clients of the pass-through part, and requests per level to the sim and to Ponder
    /// (in two halves each), and to optillm (at least twice the clients).
    public var passThroughLevels = [1, 64, 256]
    public var passThroughRequests = 6000
    public var optillmPassThroughRequests = 600

    /// Clients and requests of the fan-out part on the instant sim.
    public var fanOutClients = 64
    public var fanOutRequests = 3000
    public var optillmFanOutRequests = 300
    /// optillm's `--best-of-n`, and so Ponder's best-of-n samples too.
    public var bestOfN = 8

    /// The delayed sim: decode speed per request, requests served at once, and one choice per request
    /// (as llama.cpp with one slot per request), so that N samples are N backend calls for both proxies
    /// and their wall time shows whether they are made side by side or one after another.
    public var delayedTokensPerSecond = 200.0
    public var delayedCapacity = 64
    /// Requests per strategy, one at a time.
    public var delayedRequests = 4

    /// The scale part: backend calls to keep in flight, the samples per request (each its own call), the
    /// sims' decode speed (slow enough that the calls overlap), requests per client after a warm-up
    /// request each, and calls in flight
    /// per sim (Ponder opens at most 4096 connections to one host and port, so more calls take more sims).
    public var scaleCalls = 10_000
    public var scaleSamples = 8
    public var scaleTokensPerSecond = 10.0
    public var scaleRounds = 3
    public var scaleCallsPerSim = 4000

    /// The accuracy part's problems, each sent once to each configuration.
    public var problems: [Problem] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case parts, model, question
        case passThroughMaxTokens = "pass_through_max_tokens", sampleMaxTokens = "sample_max_tokens"
        case passThroughLevels = "pass_through_levels", passThroughRequests = "pass_through_requests"
        case optillmPassThroughRequests = "optillm_pass_through_requests"
        case fanOutClients = "fan_out_clients", fanOutRequests = "fan_out_requests"
        case optillmFanOutRequests = "optillm_fan_out_requests", bestOfN = "best_of_n"
        case delayedTokensPerSecond = "delayed_tokens_per_second", delayedCapacity = "delayed_capacity"
        case delayedRequests = "delayed_requests"
        case scaleCalls = "scale_calls", scaleSamples = "scale_samples", scaleTokensPerSecond = "scale_tokens_per_second"
        case scaleRounds = "scale_rounds", scaleCallsPerSim = "scale_calls_per_sim"
        case problemCount = "problems"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parts, forKey: .parts)
        try c.encode(model, forKey: .model)
        try c.encode(question, forKey: .question)
        try c.encode(passThroughMaxTokens, forKey: .passThroughMaxTokens)
        try c.encode(sampleMaxTokens, forKey: .sampleMaxTokens)
        try c.encode(passThroughLevels, forKey: .passThroughLevels)
        try c.encode(passThroughRequests, forKey: .passThroughRequests)
        try c.encode(optillmPassThroughRequests, forKey: .optillmPassThroughRequests)
        try c.encode(fanOutClients, forKey: .fanOutClients)
        try c.encode(fanOutRequests, forKey: .fanOutRequests)
        try c.encode(optillmFanOutRequests, forKey: .optillmFanOutRequests)
        try c.encode(bestOfN, forKey: .bestOfN)
        try c.encode(delayedTokensPerSecond, forKey: .delayedTokensPerSecond)
        try c.encode(delayedCapacity, forKey: .delayedCapacity)
        try c.encode(delayedRequests, forKey: .delayedRequests)
        try c.encode(scaleCalls, forKey: .scaleCalls)
        try c.encode(scaleSamples, forKey: .scaleSamples)
        try c.encode(scaleTokensPerSecond, forKey: .scaleTokensPerSecond)
        try c.encode(scaleRounds, forKey: .scaleRounds)
        try c.encode(scaleCallsPerSim, forKey: .scaleCallsPerSim)
        try c.encode(problems.count, forKey: .problemCount)
    }

    public func includes(_ part: Part) -> Bool { parts.contains(part) }
}
