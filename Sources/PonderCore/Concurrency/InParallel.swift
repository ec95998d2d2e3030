import Synchronization

/// Runs one task per index, side by side, and returns their results in index order.
///
/// A discarding task group: each task stores its own result, so the caller is resumed once, when all
/// are in, rather than once per task; a task that throws cancels the others and its error is rethrown.
/// Inlinable, so each caller gets it specialized for its own result type.
@inlinable
public func inParallel<Value: Sendable>(
    count: Int, _ body: @escaping @Sendable (_ index: Int) async throws -> Value
) async throws -> [Value] {
    let slots = ResultSlots<Value>(count: count)
    try await withThrowingDiscardingTaskGroup { group in
        for index in 0..<count {
            group.addTask { slots.store(try await body(index), at: index) }
        }
    }
    return slots.taken()
}

/// One place per task of `inParallel` (or per call of a fan-out), each filled by its own task.
public final class ResultSlots<Value: Sendable>: Sendable {
    @usableFromInline let slots: Mutex<[Value?]>

    @inlinable
    public init(count: Int) {
        slots = Mutex([Value?](repeating: nil, count: count))
    }

    @inlinable
    public func store(_ value: Value, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    /// Every result in order; called once every task has stored its own.
    @inlinable
    public func taken() -> [Value] {
        slots.withLock { slots in
            defer { slots = [] }
            return slots.map { $0! }
        }
    }
}
