/// A child task's answer tagged with its position, so results that arrive in completion order can be put
/// back in request order (which keeps traces deterministic).
///
/// A struct rather than a tuple: in release builds of Swift 6.3, task-group children returning an
/// `(Int, …)` tuple from inside a `do`/`catch` produced corrupted indices (reproduced with
/// `ponder bench strategies` on `beam-prm`); carrying the index in a struct does not.
struct Indexed<Value: Sendable>: Sendable {
    var index: Int
    var value: Value
}
