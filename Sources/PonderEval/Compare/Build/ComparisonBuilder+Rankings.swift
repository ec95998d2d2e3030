extension ComparisonBuilder {
    /// The three rankings. Borda and Kemeny–Young rank within the tasks every strategy has rows on;
    /// when there is no such task they are empty and nil.
    static func rankings(_ names: [String], means: [Double], sets: [ScoreTableSet]) -> Rankings {
        let byMean = MeanRanking.rank(names, means: means)
        let commonTasks = sets.dropFirst().reduce(Set(sets.first?.tasks ?? [])) { $0.intersection($1.tasks) }.sorted()
        guard !commonTasks.isEmpty else { return Rankings(mean: byMean, borda: [], kemeny: nil) }
        let taskMeans = commonTasks.map { task in
            sets.map { set in set.taskMeans[set.tasks.firstIndex(of: task)!] }
        }
        let meanOrder = byMean.map { ranked in names.firstIndex(of: ranked.strategy)! }
        return Rankings(
            mean: byMean,
            borda: BordaRanking.rank(names, taskMeans: taskMeans),
            kemeny: KemenyYoungRanking.rank(names, taskMeans: taskMeans, tieBreak: meanOrder)
        )
    }
}
