/// Explicit encoders for the report's types that hold optionals, so that a quantity that does not
/// apply is written as `null` rather than left out: the `--json` keys are the same for every input.

extension ComparisonReport {
    enum CodingKeys: String, CodingKey {
        case order, strategies, pairs, rankings, profiles, frontier, samples, sequential, settings, tasks, binary
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(order, forKey: .order)
        try c.encode(strategies, forKey: .strategies)
        try c.encode(pairs, forKey: .pairs)
        try c.encode(rankings, forKey: .rankings)
        try c.encode(profiles, forKey: .profiles)
        try c.encode(frontier, forKey: .frontier)
        try c.encode(samples, forKey: .samples)
        try c.encode(sequential, forKey: .sequential)
        try c.encode(settings, forKey: .settings)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(binary, forKey: .binary)
    }
}

extension StrategySummary {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(runs, forKey: .runs)
        try c.encode(mean, forKey: .mean)
        try c.encode(median, forKey: .median)
        try c.encode(iqm, forKey: .iqm)
        try c.encode(optimalityGap, forKey: .optimalityGap)
        try c.encode(ci95, forKey: .ci95)
        try c.encode(wilson95, forKey: .wilson95)
        try c.encode(meanTokens, forKey: .meanTokens)
        try c.encode(medianTokens, forKey: .medianTokens)
        try c.encode(meanLatencyMS, forKey: .meanLatencyMS)
        try c.encode(medianLatencyMS, forKey: .medianLatencyMS)
    }
}

extension PairComparison {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(a, forKey: .a)
        try c.encode(b, forKey: .b)
        try c.encode(count, forKey: .count)
        try c.encode(meanDiff, forKey: .meanDiff)
        try c.encode(ci95, forKey: .ci95)
        try c.encode(onlyA, forKey: .onlyA)
        try c.encode(onlyB, forKey: .onlyB)
        try c.encode(mcnemarP, forKey: .mcnemarP)
        try c.encode(mcnemarMidP, forKey: .mcnemarMidP)
        try c.encode(holmP, forKey: .holmP)
        try c.encode(probImprovement, forKey: .probImprovement)
        try c.encode(probImprovementCI95, forKey: .probImprovementCI95)
    }
}

extension Rankings {
    enum CodingKeys: String, CodingKey { case mean, borda, kemeny }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mean, forKey: .mean)
        try c.encode(borda, forKey: .borda)
        try c.encode(kemeny, forKey: .kemeny)
    }
}

extension BudgetReading {
    enum CodingKeys: String, CodingKey { case tokens, strategy, mean }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(mean, forKey: .mean)
    }
}

extension SequentialDecision.PairDecision {
    enum CodingKeys: String, CodingKey { case a, b, verdict, better }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(a, forKey: .a)
        try c.encode(b, forKey: .b)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(better, forKey: .better)
    }
}
