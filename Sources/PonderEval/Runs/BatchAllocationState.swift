import PonderAllocator
import PonderCore

/// What a batch run with `auto` decided before solving: per problem × seed, the probe and plan (with a
/// per-batch token budget) or the bin an oracle was told (with `--oracle-bins`), and the token pool the
/// plans draw their caps from.
public struct BatchAllocationState: Sendable {
    public var prepared: [ProblemSeed: PreparedAllocation]
    /// Estimated completion tokens of each prepared plan.
    public var estimates: [ProblemSeed: Int]
    public var knownBins: [String: Int]
    public var pool: TokenPool?

    public init(
        prepared: [ProblemSeed: PreparedAllocation] = [:], estimates: [ProblemSeed: Int] = [:], knownBins: [String: Int] = [:],
        pool: TokenPool? = nil
    ) {
        self.prepared = prepared
        self.estimates = estimates
        self.knownBins = knownBins
        self.pool = pool
    }

    /// Oracle bins: the rows' known difficulty (a number, larger is harder) binned by quantile over the
    /// rows, into `bins` bins, ties sharing the bin of their mean rank (Snell et al.'s oracle binning).
    public static func oracleBins(rows: [DatasetRow], bins: Int) throws -> [String: Int] {
        var values: [(id: String, difficulty: Double)] = []
        for row in rows {
            guard let text = row.difficulty, let value = Double(text) else {
                throw RunSetupError.invalidRequest("--oracle-bins needs a numeric difficulty on every row; row '\(row.id)' has \(row.difficulty.map { "'\($0)'" } ?? "none")")
            }
            values.append((row.id, value))
        }
        let sorted = values.map(\.difficulty).sorted()
        var result: [String: Int] = [:]
        for (id, value) in values {
            let below = sorted.partitioningIndex { $0 >= value }
            let upTo = sorted.partitioningIndex { $0 > value }
            let meanRank = (Double(below) + Double(upTo - 1)) / 2
            result[id] = min(bins, Int(meanRank / Double(sorted.count) * Double(bins)) + 1)
        }
        return result
    }
}

extension Array where Element == Double {
    /// The first index whose element satisfies `belongs` (the array is partitioned by it).
    fileprivate func partitioningIndex(where belongs: (Double) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
