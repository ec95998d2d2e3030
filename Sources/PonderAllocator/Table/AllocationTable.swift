import PonderCore

/// The allocation table: difficulty bins (from probe features), budget tiers, and for every (bin, tier)
/// the preset to run with its estimated accuracy and cost. `ponder calibrate` writes it; the `auto`
/// strategy reads it.
///
/// Tiers are caps on the plan, in the unit calibration swept (samples, paths, particles…): the cell of
/// tier 64 may hold a preset at 16 when spending more bought nothing in that bin. A cell's preset may be
/// `pilots`: answer with the probe's own vote, spending nothing more.
public struct AllocationTable: Sendable, Hashable {
    /// How bin thresholds were fitted: quantiles of predicted difficulty over the calibration set (Snell
    /// et al.), or fixed predicted pass rates (Liu et al.).
    public enum Binning: String, Sendable, Hashable, Codable, CaseIterable {
        case quantile, absolute
    }

    /// The plan a cell names, and what calibration measured it to buy.
    public struct Cell: Sendable, Hashable, Codable {
        public var tier: Int
        /// A preset name, a budget variant `preset@N`, or `pilots`.
        public var preset: String
        /// Cross-validated accuracy in this bin (calibration's estimate), when known.
        public var accuracy: Double?
        /// Mean completion tokens of the preset in this bin, not counting the probe.
        public var tokens: Double?

        public init(tier: Int, preset: String, accuracy: Double? = nil, tokens: Double? = nil) {
            self.tier = tier
            self.preset = preset
            self.accuracy = accuracy
            self.tokens = tokens
        }

        public var answersFromPilots: Bool { preset == AllocationTable.pilotsPlan }

        enum CodingKeys: String, CodingKey {
            case tier, preset, accuracy, tokens
        }
    }

    public struct Bin: Sendable, Hashable, Codable {
        /// 1 (easiest) to the bin count.
        public var index: Int
        /// Calibration problems that fell in this bin.
        public var problems: Int?
        /// How often the pilots' own vote was right in this bin.
        public var pilotAccuracy: Double?
        /// One per tier, in tier order.
        public var cells: [Cell]

        public init(index: Int, problems: Int? = nil, pilotAccuracy: Double? = nil, cells: [Cell]) {
            self.index = index
            self.problems = problems
            self.pilotAccuracy = pilotAccuracy
            self.cells = cells
        }

        enum CodingKeys: String, CodingKey {
            case index = "bin"
            case problems, cells
            case pilotAccuracy = "pilot_accuracy"
        }
    }

    /// When the pilots alone answer: at least `agreement` of them in one answer class and, when set,
    /// every pilot's verifier score at least `minScore`.
    public struct EarlyExit: Sendable, Hashable, Codable {
        public var agreement: Double
        public var minScore: Double?
        /// How often the pilots were right when this rule fired during calibration.
        public var accuracy: Double?
        /// The share of calibration problems it fired on.
        public var rate: Double?

        public init(agreement: Double = 1, minScore: Double? = nil, accuracy: Double? = nil, rate: Double? = nil) {
            self.agreement = agreement
            self.minScore = minScore
            self.accuracy = accuracy
            self.rate = rate
        }

        public func fires(on features: ProbeFeatures) -> Bool {
            guard features.agreement >= agreement - 1e-9 else { return false }
            guard let minScore else { return true }
            guard let lowest = features.minScore else { return false }
            return lowest >= minScore
        }

        enum CodingKeys: String, CodingKey {
            case agreement, accuracy, rate
            case minScore = "min_score"
        }
    }

    /// The cell preset that answers with the pilots' vote.
    public static let pilotsPlan = "pilots"

    public var binning: Binning
    /// Ascending predicted-difficulty cut points; a prompt above `thresholds[i-1]` is in bin i+1 or higher.
    public var thresholds: [Double]
    /// Ascending budget tiers.
    public var tiers: [Int]
    public var probe: ProbeSettings
    public var model: DifficultyModel
    public var earlyExit: EarlyExit?
    /// One per bin, easiest first.
    public var bins: [Bin]
    /// Second looks for doubtful answers, at most one per tier.
    public var escalations: [Escalation]
    /// Free text: where the table came from (dataset, presets, folds).
    public var source: String?

    public init(
        binning: Binning = .quantile, thresholds: [Double], tiers: [Int], probe: ProbeSettings = .init(),
        model: DifficultyModel = .init(), earlyExit: EarlyExit? = nil, bins: [Bin], escalations: [Escalation] = [],
        source: String? = nil
    ) {
        self.binning = binning
        self.thresholds = thresholds
        self.tiers = tiers
        self.probe = probe
        self.model = model
        self.earlyExit = earlyExit
        self.bins = bins
        self.escalations = escalations
        self.source = source
    }

    public var binCount: Int { thresholds.count + 1 }

    /// The bin (1-based) of a predicted difficulty. A difficulty within 1e-9 of a threshold stays below
    /// it: thresholds are written to YAML with 15 significant digits, and quantile thresholds often sit
    /// exactly on a calibration problem's difficulty.
    public func bin(forDifficulty difficulty: Double) -> Int {
        1 + thresholds.filter { difficulty > $0 + 1e-9 }.count
    }

    /// The cell for a bin at the largest tier not above `tier` (the smallest tier when all are above).
    public func cell(bin: Int, tier: Int) -> Cell {
        let row = bins[min(max(bin, 1), bins.count) - 1]
        return row.cells.last { $0.tier <= tier } ?? row.cells[0]
    }

    /// The largest tier whose cell for `bin` is estimated to cost at most `tokens`, or nil when none does.
    public func largestTier(bin: Int, fitting tokens: Double) -> Int? {
        let row = bins[min(max(bin, 1), bins.count) - 1]
        return row.cells.last { ($0.tokens ?? 0) <= tokens }?.tier
    }

    /// Every preset the cells name (without `pilots`), for checking against the preset library.
    public var presetsNamed: [String] {
        Array(Set(bins.flatMap(\.cells).map(\.preset).filter { $0 != Self.pilotsPlan })).sorted()
    }
}
