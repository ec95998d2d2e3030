import PonderCore

/// One calibration problem: what the probe saw and how every swept configuration did on it.
public struct CalibrationProblem: Sendable, Hashable {
    public var id: String
    public var features: ProbeFeatures
    /// Whether the pilots' own vote was right.
    public var pilotCorrect: Bool
    /// Completion tokens the probe spent.
    public var probeTokens: Double
    /// By configuration name (`preset@N`, or the preset's name when it has no budget parameter).
    public var outcomes: [String: CalibrationOutcome]
    /// How many of the pilots were right on their own (of `features.samples`), when graded: what the
    /// difficulty model is fitted to.
    public var pilotsRight: Int?
    /// The share of the pilots backing the answer their vote chose (`AnswerAgreement`), as `auto` reads
    /// it when the pilots answer; nil when unknown (then the largest class's share stands in).
    public var pilotAgreement: Double?

    public init(
        id: String, features: ProbeFeatures, pilotCorrect: Bool, probeTokens: Double, outcomes: [String: CalibrationOutcome],
        pilotsRight: Int? = nil, pilotAgreement: Double? = nil
    ) {
        self.id = id
        self.pilotAgreement = pilotAgreement
        self.pilotsRight = pilotsRight
        self.features = features
        self.pilotCorrect = pilotCorrect
        self.probeTokens = probeTokens
        self.outcomes = outcomes
    }
}

public struct CalibrationOutcome: Sendable, Hashable {
    public var correct: Bool
    /// Completion tokens the configuration spent on the problem.
    public var tokens: Double
    /// The share of its candidates that backed its answer (`AnswerAgreement`), when the candidates were read.
    public var agreement: Double?

    /// The configuration run again on further seeds, its candidates pooled: entry k is what k + 1 rounds
    /// give (a second look in rounds is fitted on these). Nil when no further seeds were run.
    public var rounds: [PooledRound]?

    public init(correct: Bool, tokens: Double, agreement: Double? = nil, rounds: [PooledRound]? = nil) {
        self.correct = correct
        self.tokens = tokens
        self.agreement = agreement
        self.rounds = rounds
    }
}

/// A swept configuration: a preset at a budget. Presets without a budget parameter count as budget 1,
/// so they are candidates at every tier.
public struct CalibrationConfiguration: Sendable, Hashable {
    public var name: String
    public var budget: Int

    public init(name: String, budget: Int) {
        self.name = name
        self.budget = budget
    }
}

public struct CalibrationOptions: Sendable {
    public var bins: Int
    public var folds: Int
    public var binning: AllocationTable.Binning
    /// Absolute binning: predicted pass-rate cut points, highest first (Liu et al.: 0.5, 0.1).
    public var passThresholds: [Double]
    /// Within a bin, the cheapest configuration whose accuracy is within this of the best is chosen.
    public var tolerance: Double
    /// Pseudo-problems at a candidate's overall accuracy added to its accuracy in a bin (partial pooling).
    public var pooling: Double
    /// The early exit may cost at most this share of the problems it fires on.
    public var earlyExitTolerance: Double
    public var seed: UInt64
    public var probe: ProbeSettings
    public var model: DifficultyModel
    /// Free text for the table's `source`.
    public var source: String?
    /// Fit a logistic difficulty model to the pilots' grades (else use `model` as given).
    public var learnDifficulty: Bool
    /// Let a tier run the previous tier's cells first and its own only on their doubtful answers
    /// (`EscalationFit`). Off by default: on the sim it trades accuracy for tokens no better than a
    /// cheaper fixed preset does.
    public var escalate: Bool
    /// With 2 or more, a tier's second look may instead repeat the previous tier's cell up to this many
    /// times and pool the candidates (fitted on `CalibrationOutcome.rounds`); 0 leaves it out.
    public var rounds: Int

    public init(
        bins: Int = 5, folds: Int = 2, binning: AllocationTable.Binning = .quantile, passThresholds: [Double] = [0.5, 0.1],
        tolerance: Double = 0.005, pooling: Double = 0, earlyExitTolerance: Double = 0.005, seed: UInt64 = 0, probe: ProbeSettings = .init(),
        model: DifficultyModel = .init(), source: String? = nil, learnDifficulty: Bool = true, escalate: Bool = false,
        rounds: Int = 0
    ) {
        self.rounds = rounds
        self.learnDifficulty = learnDifficulty
        self.escalate = escalate
        self.bins = bins
        self.folds = folds
        self.binning = binning
        self.passThresholds = passThresholds
        self.tolerance = tolerance
        self.pooling = pooling
        self.earlyExitTolerance = earlyExitTolerance
        self.seed = seed
        self.probe = probe
        self.model = model
        self.source = source
    }
}

public struct CalibrationError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
