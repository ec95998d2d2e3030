import Foundation
import GRDB
import PonderCore

/// Recording finished problems, one transaction each, and reading them back.
extension RunStore {
    /// The (problem, seed) pairs already recorded: `--resume` skips them.
    public func finishedKeys() throws -> Set<ProblemSeed> {
        try database.read(Self.finishedKeys)
    }

    /// The same, read without holding a Swift concurrency thread while SQLite works.
    public func finishedKeys() async throws -> Set<ProblemSeed> {
        try await database.read(Self.finishedKeys)
    }

    private static func finishedKeys(_ db: Database) throws -> Set<ProblemSeed> {
        let rows = try Row.fetchAll(db, sql: "SELECT problem_id, seed FROM result")
        return Set(rows.map { ProblemSeed(problemID: $0["problem_id"], seed: $0["seed"]) })
    }

    /// Writes one finished problem — result, candidates, trace — in one transaction. Returns false
    /// (and writes nothing) when that (problem, seed) is already recorded.
    @discardableResult
    public func record(_ result: StoredResult, session: Int64? = nil) async throws -> Bool {
        let values = try ResultColumns(result)
        return try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO result (\(ResultColumns.names.joined(separator: ", ")), session_id)
                    VALUES (\(Array(repeating: "?", count: ResultColumns.names.count).joined(separator: ", ")), ?)
                    ON CONFLICT (problem_id, seed) DO NOTHING
                    """,
                arguments: StatementArguments(values.values + [session.map { $0.databaseValue } ?? .null]))
            guard db.changesCount > 0 else { return false }
            let id = db.lastInsertedRowID
            for (rank, candidate) in values.candidates.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO candidate (result_id, rank, text, answer, answer_canonical, score, step_scores, votes,
                                               complete, correct, grade_score)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: StatementArguments([id.databaseValue, rank.databaseValue] + candidate))
            }
            if let trace = values.trace {
                try db.execute(
                    sql: "INSERT INTO trace (result_id, chosen, nodes) VALUES (?, ?, ?)", arguments: [id, trace.chosen, trace.nodes])
            }
            if let session {
                try db.execute(sql: "UPDATE session SET recorded = recorded + 1 WHERE id = ?", arguments: [session])
            }
            return true
        }
    }

    /// Every result in dataset order then seed order; with their candidates and traces when asked.
    public func results(withCandidates: Bool = true, withTraces: Bool = false) throws -> [StoredResult] {
        try database.read { try Self.results($0, withCandidates: withCandidates, withTraces: withTraces) }
    }

    /// The same, read without holding a Swift concurrency thread while SQLite works.
    public func results(withCandidates: Bool = true, withTraces: Bool = false) async throws -> [StoredResult] {
        try await database.read { try Self.results($0, withCandidates: withCandidates, withTraces: withTraces) }
    }

    private static func results(_ db: Database, withCandidates: Bool, withTraces: Bool) throws -> [StoredResult] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM result ORDER BY position, seed, problem_id")
        var candidates: [Int64: [StoredCandidate]] = [:]
        if withCandidates {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM candidate ORDER BY result_id, rank") {
                candidates[row["result_id"], default: []].append(ResultColumns.candidate(row))
            }
        }
        var traces: [Int64: SearchTrace] = [:]
        if withTraces {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM trace") {
                let nodes = StoreCoding.decode([TraceNode].self, from: row["nodes"]) ?? []
                traces[row["result_id"]] = SearchTrace(nodes: nodes, chosen: row["chosen"])
            }
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            var result = ResultColumns.result(row)
            result.candidates = candidates[id] ?? []
            result.trace = traces[id]
            return result
        }
    }

    /// How many results are recorded.
    public func resultCount() throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM result") ?? 0 }
    }
}
