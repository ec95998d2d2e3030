import PonderCore

/// What the chat and text completion routes hand to the search once they have read their bodies.
struct SearchRequest: Sendable {
    var problem: Problem
    /// The model id as the client sent it (echoed in the response).
    var model: String
    var preset: String
    var budget: Budget
    var seed: UInt64
    var sampling: SamplingParameters
    var n: Int
    var stream: Bool
    var includeUsage: Bool
}
