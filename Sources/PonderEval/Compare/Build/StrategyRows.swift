/// The rows of one strategy, indexed by pairing key.
struct StrategyRows {
    let name: String
    /// In input order.
    private(set) var rows: [ResultRow] = []
    private(set) var scores: [ResultRow.PairingKey: Double] = [:]

    init(name: String) {
        self.name = name
    }

    mutating func append(_ row: ResultRow) throws(ComparisonError) {
        guard row.score.isFinite else { throw .nonFiniteScore(strategy: name, problemID: row.problemID) }
        let key = row.pairingKey
        guard scores[key] == nil else {
            throw .duplicateRow(strategy: name, task: key.task, problemID: key.problemID, run: key.run)
        }
        scores[key] = row.score
        rows.append(row)
    }

    /// Strategies in the order first seen, each with its rows.
    static func group(_ rows: [ResultRow]) throws(ComparisonError) -> [StrategyRows] {
        var order: [String] = []
        var byName: [String: StrategyRows] = [:]
        for row in rows {
            if byName[row.strategy] == nil {
                order.append(row.strategy)
                byName[row.strategy] = StrategyRows(name: row.strategy)
            }
            try byName[row.strategy]!.append(row)
        }
        return order.map { byName[$0]! }
    }

    /// Scores of the runs and problems this strategy shares with `other`.
    func paired(with other: StrategyRows) -> PairedScores {
        var mine: [ResultRow.PairingKey: Double] = [:], theirs: [ResultRow.PairingKey: Double] = [:]
        for (key, score) in scores {
            guard let otherScore = other.scores[key] else { continue }
            mine[key] = score
            theirs[key] = otherScore
        }
        return PairedScores(a: mine, b: theirs)
    }

    struct PairedScores {
        var a: [ResultRow.PairingKey: Double]
        var b: [ResultRow.PairingKey: Double]
    }
}
