import Foundation
import Synchronization

/// The largest of a reading taken every `interval` on a thread of its own (the readings block on a
/// socket or a `/proc` file, and must not hold up the load's tasks) until `stop()`.
///
///     let calls = PeakSampler.callsInFlight(origins: [sim.origin], interval: 0.005)
///     let memory = PeakSampler.residentBytes(pid: proxy.pid, interval: 0.05)
///     // … load …
///     let (peakCalls, peakBytes) = (calls.stop(), memory.stop())
///
/// The peak of backend calls in flight tells a proxy that sends a request's samples side by side from
/// one that sends them one after another, and shows whether a scale run reached its aim; the peak of
/// resident memory is a proxy's footprint under one load, where VmHWM would be its whole life's.
final class PeakSampler: Sendable {
    private struct State {
        var peak: UInt64?
        var stopped = false
        var finished = false
    }

    private let state = Mutex(State())

    init(interval: Double, read: @escaping @Sendable () -> UInt64?) {
        let thread = Thread { [self] in
            while !state.withLock(\.stopped) {
                if let value = read() { state.withLock { $0.peak = max($0.peak ?? 0, value) } }
                Thread.sleep(forTimeInterval: interval)
            }
            state.withLock { $0.finished = true }
        }
        thread.name = "ponder-peak-sampler"
        thread.start()
    }

    /// Stops the sampling, waits for the last reading, and returns the peak (nil if nothing was read).
    func stop() -> UInt64? {
        state.withLock { $0.stopped = true }
        while !state.withLock(\.finished) { Thread.sleep(forTimeInterval: 0.001) }
        return state.withLock(\.peak)
    }

    /// Backend calls in flight, summed over the sims (read one after another, so a few ms apart), the
    /// counters request itself not counted.
    static func callsInFlight(origins: [String], interval: Double) -> PeakSampler {
        PeakSampler(interval: interval) {
            let counts = origins.compactMap { ProxySimCounter.read(origin: $0) }
            return counts.count == origins.count ? UInt64(counts.map(\.otherInFlight).reduce(0, +)) : nil
        }
    }

    /// The VmRSS of `pid`.
    static func residentBytes(pid: Int32, interval: Double) -> PeakSampler {
        PeakSampler(interval: interval) { ProcessMemory.residentBytes(pid: pid) }
    }
}
