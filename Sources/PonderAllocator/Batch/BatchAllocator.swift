/// Spreads a batch's token budget over its problems after the probe: every problem starts at the
/// pilots' answer (the probe is paid for already), and upgrades to a cell of its bin are bought greedily
/// by the estimated accuracy they add per token, until the budget left for plans runs out.
///
/// The estimates are the table's: a cell's cross-validated accuracy and mean tokens in the bin, and the
/// pilots' accuracy in the bin. A problem whose pilots met the early-exit rule keeps the pilots' answer.
public enum BatchAllocator {
    public struct Item: Sendable, Hashable {
        public var bin: Int
        public var earlyExit: Bool

        public init(bin: Int, earlyExit: Bool) {
            self.bin = bin
            self.earlyExit = earlyExit
        }
    }

    public struct Allocation: Sendable {
        /// One per item.
        public var plans: [PreparedAllocation.Plan]
        /// Estimated completion tokens of each item's plan (0 for the pilots' answer).
        public var estimatedTokens: [Double]
        /// The estimated accuracy the plans add up to, over all items.
        public var estimatedCorrect: Double

        public var plannedTokens: Double { estimatedTokens.reduce(0, +) }
    }

    public enum AllocationError: Error, CustomStringConvertible {
        case uncalibrated(bin: Int)

        public var description: String {
            switch self {
            case .uncalibrated(let bin):
                return "the allocation table has no accuracy estimates for bin \(bin); per-batch budgets need a table written by `ponder calibrate`"
            }
        }
    }

    struct Option {
        var plan: PreparedAllocation.Plan
        var accuracy: Double
        var tokens: Double
    }

    /// - Parameters:
    ///   - tierCap: the largest tier a plan may come from.
    ///   - tokens: completion tokens available for the plans (the batch budget less the probe and a reserve).
    public static func allocate(_ items: [Item], table: AllocationTable, tierCap: Int, tokens: Double) throws -> Allocation {
        var optionsOfBin: [Int: [Option]] = [:]
        for bin in Set(items.map(\.bin)) { optionsOfBin[bin] = try options(bin: bin, table: table, tierCap: tierCap) }
        var current = [Int](repeating: 0, count: items.count)
        var left = tokens
        while true {
            var best: (item: Int, option: Int, ratio: Double)?
            for (index, item) in items.enumerated() where !item.earlyExit {
                let options = optionsOfBin[item.bin]!
                let now = options[current[index]]
                for candidate in (current[index] + 1)..<max(current[index] + 1, options.count) {
                    let option = options[candidate]
                    let gain = option.accuracy - now.accuracy
                    let cost = option.tokens - now.tokens
                    guard gain > 0, cost <= left else { continue }
                    let ratio = cost > 0 ? gain / cost : .infinity
                    if best == nil || ratio > best!.ratio { best = (index, candidate, ratio) }
                }
            }
            guard let chosen = best else { break }
            let options = optionsOfBin[items[chosen.item].bin]!
            left -= options[chosen.option].tokens - options[current[chosen.item]].tokens
            current[chosen.item] = chosen.option
        }
        var plans: [PreparedAllocation.Plan] = []
        var estimated: [Double] = []
        var correct = 0.0
        for (index, item) in items.enumerated() {
            if item.earlyExit {
                plans.append(.pilots(earlyExit: true))
                estimated.append(0)
                correct += table.earlyExit?.accuracy ?? optionsOfBin[item.bin]![0].accuracy
                continue
            }
            let option = optionsOfBin[item.bin]![current[index]]
            plans.append(option.plan)
            estimated.append(option.tokens)
            correct += option.accuracy
        }
        return Allocation(plans: plans, estimatedTokens: estimated, estimatedCorrect: correct)
    }

    /// The pilots' answer, then each distinct cell of the bin up to the tier cap.
    static func options(bin: Int, table: AllocationTable, tierCap: Int) throws -> [Option] {
        let row = table.bins[min(max(bin, 1), table.bins.count) - 1]
        guard let pilotAccuracy = row.pilotAccuracy else { throw AllocationError.uncalibrated(bin: bin) }
        var options = [Option(plan: .pilots(earlyExit: false), accuracy: pilotAccuracy, tokens: 0)]
        for cell in row.cells where cell.tier <= tierCap && !cell.answersFromPilots {
            guard let accuracy = cell.accuracy, let tokens = cell.tokens else { throw AllocationError.uncalibrated(bin: bin) }
            if options.contains(where: { if case .preset(let name, _) = $0.plan { return name == cell.preset } else { return false } }) {
                continue
            }
            options.append(Option(plan: .preset(cell.preset, tier: cell.tier), accuracy: accuracy, tokens: tokens))
        }
        return options
    }
}
