/// A column of the fault matrix: a strategy, answered whole or streamed (`"stream": true` with
/// `stream_options.include_usage`; `single` passes the model's tokens through, a search streams
/// progress and then its answer).
struct MatrixColumn: Hashable, Sendable {
    var strategy: String
    var stream = false

    var title: String { stream ? "\(strategy), streamed" : strategy }
}
