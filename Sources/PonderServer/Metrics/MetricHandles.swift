import Synchronization

/// Prometheus series handles by their label values, each made once.
///
/// The registry's `make…` validates the name, the labels and the help text and takes the registry's
/// lock on every call; the handles it returns are atomic. Requests look their handle up here instead,
/// which costs one hash of the label values. The label values must come from a bounded set (routes,
/// statuses, configured preset and model names), as for any Prometheus label.
final class MetricHandles<Key: Hashable & Sendable, Handle: AnyObject & Sendable>: Sendable {
    private let handles = Mutex<[Key: Handle]>([:])
    private let make: @Sendable (Key) -> Handle

    init(make: @escaping @Sendable (Key) -> Handle) {
        self.make = make
    }

    subscript(key: Key) -> Handle {
        if let handle = handles.withLock({ $0[key] }) { return handle }
        // Made outside the lock: the registry hands back the same series for the same labels, so two
        // requests that race here record into one series.
        let handle = make(key)
        return handles.withLock { handles in
            if let first = handles[key] { return first }
            handles[key] = handle
            return handle
        }
    }
}
