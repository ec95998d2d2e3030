/// One problem to solve with one seed.
public struct WorkItem: Sendable, Hashable {
    public var row: DatasetRow
    /// The row's place in the dataset.
    public var position: Int
    public var seed: Int

    public init(row: DatasetRow, position: Int, seed: Int) {
        self.row = row
        self.position = position
        self.seed = seed
    }

    public var key: ProblemSeed { ProblemSeed(problemID: row.id, seed: seed) }

    /// The work of a run: the first `limit` rows, each with seeds `0..<seeds`, seed by seed (all of seed
    /// 0 first, so an interrupted run has whole seeds to compare), less what `finished` already holds.
    public static func plan(rows: [DatasetRow], seeds: Int, limit: Int?, finished: Set<ProblemSeed> = []) -> [WorkItem] {
        let chosen = rows.prefix(limit ?? rows.count)
        var items: [WorkItem] = []
        for seed in 0..<seeds {
            for (position, row) in chosen.enumerated() where !finished.contains(ProblemSeed(problemID: row.id, seed: seed)) {
                items.append(WorkItem(row: row, position: position, seed: seed))
            }
        }
        return items
    }
}
