import PonderCore

/// What calibration found, as a short markdown report: the bins and their cells, and per tier the
/// estimated accuracy and cost of `auto` next to the best fixed configuration.
public struct CalibrationReport: Sendable {
    public struct TierEstimate: Sendable {
        public var tier: Int
        /// Out-of-sample (cross-validated) accuracy of `auto` at this tier, early exits included.
        public var autoAccuracy: Double
        /// Mean completion tokens per problem of `auto`, the probe included.
        public var autoTokens: Double
        public var bestFixed: String
        /// In-sample: the best fixed configuration is picked and scored on the same problems.
        public var bestFixedAccuracy: Double
        public var bestFixedTokens: Double
    }

    public var table: AllocationTable
    public var problems: Int
    /// Problems left out because some configuration has no result for them.
    public var skipped: Int
    public var folds: Int
    public var probeTokens: Double
    public var exits: Int
    public var estimates: [TierEstimate]

    public var markdown: String {
        var lines = [
            "# Allocation table",
            "",
            "Calibrated on \(problems) problems\(skipped > 0 ? " (\(skipped) skipped: missing results)" : ""), "
                + "\(table.binCount) \(table.binning.rawValue) bins, \(folds)-fold cross-validation; "
                + "probe: \(table.probe.samples) pilots at T=\(Self.number(table.probe.temperature)), "
                + "\(Self.number(probeTokens)) tokens per problem.",
            "",
        ]
        if let exit = table.earlyExit {
            let floor = exit.minScore.map { " and every verifier score ≥ \(Self.number($0))" } ?? ""
            lines.append(
                "Early exit (pilots unanimous\(floor)): \(exits) problems (\(Self.percent(exit.rate))), "
                    + "pilots right on \(Self.percent(exit.accuracy)) of them.")
        } else {
            lines.append("Early exit: off (it would have cost accuracy).")
        }
        for escalation in table.escalations {
            if let rounds = escalation.rounds {
                lines.append(
                    "Second look at tier \(escalation.tier): a request runs tier \(escalation.fromTier)'s cell, and again on fresh seeds, up to "
                        + "\(rounds) rounds, while the verifier-weighted vote over all rounds' candidates gives its winner less than "
                        + "\(Self.percent(escalation.below)) of the score, or of the votes when nothing is scored (\(Self.percent(escalation.rate)) of the searched problems took a second "
                        + "round); batch plans run the tier's own cells.")
                continue
            }
            lines.append(
                "Second look at tier \(escalation.tier): a request first runs tier \(escalation.fromTier)'s cell, and its own cell only "
                    + "when fewer than \(Self.percent(escalation.below)) of the first search's candidates back its answer "
                    + "(\(Self.percent(escalation.rate)) of the searched problems); batch plans run the tier's own cells.")
        }
        lines += ["", "| bin | difficulty up to | problems | pilots right | " + table.tiers.map { "tier \($0)" }.joined(separator: " | ") + " |"]
        lines.append("|---:|---:|---:|---:|" + table.tiers.map { _ in "---|" }.joined())
        for bin in table.bins {
            let upper = bin.index <= table.thresholds.count ? Self.number(table.thresholds[bin.index - 1]) : "1"
            let cells = bin.cells.map { cell in
                "\(cell.preset) (\(Self.percent(cell.accuracy)), \(cell.tokens.map(Self.number) ?? "–") tok)"
            }
            lines.append(
                "| \(bin.index) | \(upper) | \(bin.problems ?? 0) | \(Self.percent(bin.pilotAccuracy)) | "
                    + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "",
            "| tier | auto accuracy (cross-validated) | auto tokens (probe included) | best fixed | its accuracy (in-sample) | its tokens | token ratio |",
            "|---:|---:|---:|---|---:|---:|---:|",
        ]
        for estimate in estimates {
            let ratio = estimate.bestFixedTokens > 0 ? Self.number(estimate.autoTokens / estimate.bestFixedTokens) : "–"
            lines.append(
                "| \(estimate.tier) | \(Self.percent(estimate.autoAccuracy)) | \(Self.number(estimate.autoTokens)) | "
                    + "\(estimate.bestFixed) | \(Self.percent(estimate.bestFixedAccuracy)) | \(Self.number(estimate.bestFixedTokens)) | \(ratio) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(Int((value * 1000).rounded())).withDecimal + "%"
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) >= 10 { return String(Int(value)) }
        let rounded = (value * 1000).rounded() / 1000
        return String(rounded)
    }
}

extension String {
    /// "975" → "97.5" (tenths written as a whole number).
    fileprivate var withDecimal: String {
        let digits = Array(self)
        guard let last = digits.last else { return self }
        let whole = digits.dropLast()
        return (whole.isEmpty ? "0" : String(whole)) + "." + String(last)
    }
}
