extension ComparisonBuilder {
    /// Unbiased pass@k and maj@k per strategy, averaged over its sample records (one per problem and
    /// run) that hold at least k samples; a (strategy, k) with no such record is left out. The ks are
    /// `options.ks`, or per strategy 1 and every power of two up to the fewest samples of its records
    /// (so a one-sample strategy in the comparison does not hide another's pass@8).
    func sampleMetrics(_ samples: [ProblemSamples], order: [String]) throws(ComparisonError) -> [SampleMetrics] {
        let records = samples.filter { !$0.answers.isEmpty }
        guard !records.isEmpty else { return [] }
        var seen = Set<SampleKey>()
        var byStrategy: [String: [ProblemSamples]] = [:], strategies = order
        for record in records {
            let key = SampleKey(strategy: record.strategy, task: record.task ?? "", problemID: record.problemID, run: record.run ?? "")
            guard seen.insert(key).inserted else {
                throw .duplicateSamples(strategy: key.strategy, task: key.task, problemID: key.problemID, run: key.run)
            }
            if !strategies.contains(record.strategy) { strategies.append(record.strategy) }
            byStrategy[record.strategy, default: []].append(record)
        }
        var metrics: [SampleMetrics] = []
        for strategy in strategies {
            guard let records = byStrategy[strategy] else { continue }
            let fewest = records.map(\.answers.count).min() ?? 1
            let ks = options.ks.isEmpty ? Self.defaultKs(upTo: fewest) : Array(Set(options.ks)).sorted()
            for k in ks {
                let usable = records.filter { $0.answers.count >= k }
                guard !usable.isEmpty else { continue }
                var pass = 0.0, majority = 0.0
                for record in usable {
                    pass += PassAtK.estimate(samples: record.correct.count, correct: record.correct.filter { $0 }.count, k: k)
                    majority += MajorityAtK.estimate(MajorityAtK.Tally(answers: record.answers, correct: record.correct), k: k)
                }
                let count = Double(usable.count)
                metrics.append(SampleMetrics(strategy: strategy, k: k, passAtK: pass / count, majAtK: majority / count))
            }
        }
        return metrics
    }

    static func defaultKs(upTo fewest: Int) -> [Int] {
        var ks = [1], k = 2
        while k <= fewest {
            ks.append(k)
            k *= 2
        }
        return ks
    }

    private struct SampleKey: Hashable {
        var strategy: String
        var task: String
        var problemID: String
        var run: String
    }
}
