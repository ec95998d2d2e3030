import PonderEngine

/// How much one completion request may ask for. A body over any limit is refused with HTTP 400
/// naming the field and the limit, before it can take a search slot or reach a model.
///
/// The body as a whole is capped by `ServerConfiguration.maxBodyBytes` (HTTP 413); these limits
/// bound what fits inside it. `server.limits` in the config file sets them.
public struct RequestLimits: Sendable, Equatable {
    /// Messages in one chat request.
    public var maxMessages = 1024
    /// `n`: the distinct candidates returned (the preset decides how many are sampled).
    public var maxN = 16
    /// `max_tokens`: the completion tokens of each backend call.
    public var maxTokens = 131_072
    /// Arrays and objects nested inside one another; the body's own object is level 1.
    public var maxNestingDepth = 64
    /// `model`, `ponder.strategy` and `optillm_approach`, in UTF-8 bytes.
    public var maxModelIDBytes = 256
    /// One message's content, or the prompt, in UTF-8 bytes.
    public var maxContentBytes = 1 << 20
    /// Entries of `stop`, and the UTF-8 bytes of each.
    public var maxStopSequences = 16
    public var maxStopSequenceBytes = 256

    /// Bounds of the `ponder.budget` values. Not configurable: a budget is the client's own cap, and
    /// these only refuse values that cannot be meant (a deadline past a day, a billion calls).
    static let budgetTokens = 1...1_000_000_000
    static let budgetCalls = 1...100_000
    static let budgetDeadlineMilliseconds = 1...86_400_000
    static let budgetMaxCost = 1e9

    public init() {}

    /// The defaults under what the config file's `server.limits` sets.
    public init(_ section: ServerSection.Limits) {
        self.init()
        maxMessages = section.maxMessages ?? maxMessages
        maxN = section.maxN ?? maxN
        maxTokens = section.maxTokens ?? maxTokens
        maxNestingDepth = section.maxNestingDepth ?? maxNestingDepth
        maxModelIDBytes = section.maxModelIDBytes ?? maxModelIDBytes
        maxContentBytes = section.maxContentBytes ?? maxContentBytes
        maxStopSequences = section.maxStopSequences ?? maxStopSequences
        maxStopSequenceBytes = section.maxStopSequenceBytes ?? maxStopSequenceBytes
    }
}
