import PonderCore

/// The simulated reasoning model: reads a prompt, continues its partial solution once per choice, and
/// applies stop strings, `max_tokens` and logprobs. Pure and deterministic; the HTTP server wraps it.
///
/// Sampling: at temperature 0 every choice is the greedy continuation, a function of the problem and the
/// written state alone. At T > 0 choice `i` is a function of (request seed, prompt, i) when the request
/// carries a seed, else of (model seed, request ordinal, i).
public struct SimModel: Sendable {
    public var seed: UInt64
    public var writer: SolutionWriter

    public init(seed: UInt64 = 0, errors: StepErrorModel = StepErrorModel()) {
        self.seed = seed
        self.writer = SolutionWriter(errors: errors)
    }

    /// One generated choice.
    public struct Choice: Sendable {
        public var text: String
        public var finishReason: String
        /// Tokens generated for this choice: the text, a matched stop string, end-of-sequence.
        public var completionTokens: Int
        /// UTF-8 ranges of the tokens of `text`.
        public var tokenRanges: [Range<Int>]
        public var logprobs: [TokenLogprob]?

        /// The tokens of `text`.
        public var tokens: [String] {
            let bytes = Array(text.utf8)
            return tokenRanges.map { String(decoding: bytes[$0], as: UTF8.self) }
        }
    }

    /// The OpenAI default temperature, used when a request sets none.
    public static let defaultTemperature = 1.0

    /// Generates `sampling.n` choices (default 1) for `prompt`; `ordinal` numbers the request.
    public func generate(_ prompt: SimPrompt, sampling: SamplingParameters, ordinal: UInt64 = 0) -> [Choice] {
        let n = max(1, sampling.n ?? 1)
        let temperature = sampling.temperature ?? Self.defaultTemperature
        let partial = prompt.problem.map { PartialSolution.parse(prompt.partial, start: $0.start) }
        var choices: [Choice] = []
        choices.reserveCapacity(n)
        for index in 0..<n {
            if temperature <= 0, let first = choices.first {
                choices.append(first)
                continue
            }
            let seed = choiceSeed(prompt: prompt, sampling: sampling, ordinal: ordinal, index: index)
            let generated: GeneratedText
            if let problem = prompt.problem, let partial {
                generated = writer.continuation(
                    problem: problem, partial: partial, temperature: temperature, choiceSeed: seed)
            } else {
                generated = GeneratedText(text: SolutionWriter.genericReply, wrongSpans: [], reachesEnd: true)
            }
            let finished = ChoiceFinisher.finish(generated, stop: sampling.stop ?? [], maxTokens: sampling.maxTokens)
            let logprobs = sampling.logprobs
                ? LogprobSynthesizer.logprobs(
                    text: finished.text, tokenRanges: finished.tokenRanges, wrongSpans: generated.wrongSpans,
                    seed: seed, top: sampling.topLogprobs ?? 0)
                : nil
            choices.append(
                Choice(
                    text: finished.text, finishReason: finished.finishReason,
                    completionTokens: finished.completionTokens, tokenRanges: finished.tokenRanges,
                    logprobs: logprobs))
        }
        return choices
    }

    /// The seed that identifies choice `index` of a request.
    public func choiceSeed(prompt: SimPrompt, sampling: SamplingParameters, ordinal: UInt64, index: Int) -> UInt64 {
        let temperature = sampling.temperature ?? Self.defaultTemperature
        if temperature <= 0 {
            return StableHash.combine(prompt.problem?.key ?? prompt.key, 0x6772_6565_6479)
        }
        if let requestSeed = sampling.seed {
            return StableHash.combine(requestSeed, prompt.key, StableHash.word(index))
        }
        return StableHash.combine(seed, ordinal, StableHash.word(index), 0x6f72_6469_6e61)
    }
}
