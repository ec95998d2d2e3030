import Synchronization

/// The batch budget while the plans run: each problem reserves a cap before its search starts and gives
/// back what it did not use when it ends, so the batch total can never pass the budget, whatever order
/// the problems run in and however many are in flight.
///
/// A problem's cap is up to `headroom` times its estimate (searches vary around the table's means), but
/// never so much that the problems not yet started could not have their estimates.
public final class TokenPool: Sendable {
    private struct State {
        var available: Int
        var plannedOutstanding: Int
    }

    private let state: Mutex<State>
    private let headroom: Double

    /// - Parameters:
    ///   - available: completion tokens the plans may spend in total.
    ///   - planned: the sum of every plan's estimate.
    public init(available: Int, planned: Int, headroom: Double = 2) {
        self.state = Mutex(State(available: max(0, available), plannedOutstanding: max(0, planned)))
        self.headroom = max(1, headroom)
    }

    /// Takes a cap for a plan estimated at `estimate` tokens; 0 when nothing is left.
    public func reserve(estimate: Int) -> Int {
        state.withLock { state in
            state.plannedOutstanding = max(0, state.plannedOutstanding - estimate)
            let wanted = Int((Double(estimate) * headroom).rounded(.up))
            let cap = max(0, min(wanted, state.available - state.plannedOutstanding))
            state.available -= cap
            return cap
        }
    }

    /// Takes an even share of what is left for one of `waiting` pieces of work still to start (this one
    /// included), at most `limit`: how the probes of a batch share a budget that may be tight.
    public func reserveShare(upTo limit: Int, waiting: Int) -> Int {
        state.withLock { state in
            let cap = max(0, min(limit, (state.available - state.plannedOutstanding) / max(1, waiting)))
            state.available -= cap
            return cap
        }
    }

    /// Returns the part of a cap a plan did not use.
    public func settle(cap: Int, used: Int) {
        state.withLock { $0.available += max(0, cap - used) }
    }

    public var available: Int { state.withLock { $0.available } }
}
