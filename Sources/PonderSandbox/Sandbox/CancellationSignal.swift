#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Wakes the supervising thread's `poll` when the caller's task is cancelled: a pipe whose read end is
/// polled and whose write end gets a byte on cancellation. Closing and firing are serialized so a late
/// cancellation never writes into a descriptor number that has since been reused.
final class CancellationSignal: Sendable {
    private struct State {
        var readFD: Int32
        var writeFD: Int32
        var fired = false
        var closed = false
    }

    private let state: Mutex<State>

    init?() {
        guard let pipe2 = Native.pipe2 else { return nil }
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC | O_NONBLOCK) == 0 else { return nil }
        state = Mutex(State(readFD: fds[0], writeFD: fds[1]))
    }

    /// The descriptor to poll for readability; -1 once closed.
    var readFD: Int32 { state.withLock { $0.closed ? -1 : $0.readFD } }

    var isFired: Bool { state.withLock { $0.fired } }

    func fire() {
        state.withLock { state in
            guard !state.closed, !state.fired else { return }
            state.fired = true
            var byte: UInt8 = 1
            _ = write(state.writeFD, &byte, 1)
        }
    }

    func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            _ = Glibc.close(state.readFD)
            _ = Glibc.close(state.writeFD)
        }
    }
}
