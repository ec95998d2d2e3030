import Synchronization

/// What the client loops and the sampler of a soak run write while it goes, per window: latencies of
/// answered requests, failures by kind, the daemon's peak RSS and its CPU at each window's end.
final class SoakTally: Sendable {
    private struct Bucket {
        var latencies: [UInt64] = []
        var requests = 0
        var errors: [String: Int] = [:]
        var peakRSS: UInt64?
        var daemonCPU: Double?
        var simCPU: Double?
    }

    private let buckets: Mutex<[Bucket]>

    init(windows: Int) {
        buckets = Mutex(Array(repeating: Bucket(), count: windows))
    }

    /// A request that finished in `window` (clamped to the last: stragglers finish after the end).
    func record(window: Int, latency: UInt64?, errorKind: String?) {
        buckets.withLock { buckets in
            let index = min(max(window, 0), buckets.count - 1)
            buckets[index].requests += 1
            if let errorKind {
                buckets[index].errors[errorKind, default: 0] += 1
            } else if let latency {
                buckets[index].latencies.append(latency)
            }
        }
    }

    func sampleRSS(window: Int, bytes: UInt64) {
        buckets.withLock { buckets in
            let index = min(max(window, 0), buckets.count - 1)
            buckets[index].peakRSS = max(buckets[index].peakRSS ?? 0, bytes)
        }
    }

    func recordCPU(window: Int, daemon: Double?, sim: Double?) {
        buckets.withLock { buckets in
            let index = min(max(window, 0), buckets.count - 1)
            buckets[index].daemonCPU = daemon
            buckets[index].simCPU = sim
        }
    }

    /// The windows, given where each starts and ends.
    func windows(bounds: [(start: Double, end: Double)]) -> [SoakWindow] {
        buckets.withLock { buckets in
            buckets.indices.map { index in
                let bucket = buckets[index]
                let sorted = bucket.latencies.sorted()
                return SoakWindow(
                    index: index, startSeconds: bounds[index].start, endSeconds: bounds[index].end,
                    requests: bucket.requests, errorsByKind: bucket.errors,
                    latencyP50Milliseconds: SoakWindow.percentileMilliseconds(sorted, 0.50),
                    latencyP99Milliseconds: SoakWindow.percentileMilliseconds(sorted, 0.99),
                    daemonPeakRSSBytes: bucket.peakRSS, daemonCPUSeconds: bucket.daemonCPU, simCPUSeconds: bucket.simCPU)
            }
        }
    }
}
