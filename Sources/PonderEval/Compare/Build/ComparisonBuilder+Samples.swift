extension ComparisonBuilder {
    /// Unbiased pass@k and maj@k per strategy, averaged over its sample records (one per problem and
    /// run) that hold at least k samples; a (strategy, k) with no such record is left out. The ks are
    /// `options.ks`, or 1 and every power of two up to the fewest samples of any record.
    func sampleMetrics(_ samples: [ProblemSamples], order: [String]) throws(ComparisonError) -> [SampleMetrics] {
        let records = samples.filter { !$0.answers.isEmpty }
        guard let fewest = records.map(\.answers.count).min() else { return [] }
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
        let ks = options.ks.isEmpty ? Self.defaultKs(upTo: fewest) : Array(Set(options.ks)).sorted()
        var metrics: [SampleMetrics] = []
        for strategy in strategies {
            guard let records = byStrategy[strategy] else { continue }
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
