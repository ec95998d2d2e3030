import Foundation
import GRDB
import PonderCore

/// The run's identity, checked on resume, and the sessions that worked on it.
extension RunStore {
    /// The stored run, nil for a new store.
    public func metadata() throws -> RunMetadata? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1").map(Self.metadata)
        }
    }

    /// Starts a session: records the run's metadata in a new store, or checks it against the stored
    /// run when resuming. Returns the session's id for ``record(_:session:)``.
    public func begin(_ metadata: RunMetadata, session: RunSession, resume: Bool) async throws -> Int64 {
        let path = self.path
        return try await database.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1") {
                let stored = Self.metadata(row)
                guard resume else {
                    let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM result") ?? 0
                    throw RunStoreError.alreadyHoldsRun(path: path, preset: stored.preset, rows: count)
                }
                let differences = stored.conflicts(with: metadata)
                guard differences.isEmpty else { throw RunStoreError.settingsDiffer(path: path, differences: differences) }
                try db.execute(
                    sql: "UPDATE run SET seeds = MAX(seeds, ?), finished_at = NULL WHERE id = 1", arguments: [metadata.seeds])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO run (id, preset, preset_definition, model, endpoints, grader, budget, seeds, dataset,
                                         ponder_version, started_at)
                        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        metadata.preset, metadata.presetDefinition, metadata.model, metadata.endpoints, metadata.grader,
                        RunMetadata.json(metadata.budget), metadata.seeds, metadata.dataset, metadata.ponderVersion,
                        StoreCoding.text(metadata.startedAt),
                    ])
            }
            // A session still marked running was killed before it could say so.
            try db.execute(sql: "UPDATE session SET status = 'interrupted' WHERE status = 'running'")
            try db.execute(
                sql: """
                    INSERT INTO session (started_at, ponder_version, endpoints, concurrency, seeds, limit_rows)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    StoreCoding.text(session.startedAt), session.ponderVersion, session.endpoints, session.concurrency,
                    session.seeds, session.limit,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Ends a session; `completedRun` also stamps the run as finished.
    public func finish(session: Int64, status: RunSession.Status, completedRun: Bool, at date: Date = Date()) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE session SET status = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, StoreCoding.text(date), session])
            if completedRun {
                try db.execute(sql: "UPDATE run SET finished_at = ? WHERE id = 1", arguments: [StoreCoding.text(date)])
            }
        }
    }

    private static func metadata(_ row: Row) -> RunMetadata {
        RunMetadata(
            preset: row["preset"], presetDefinition: row["preset_definition"], model: row["model"],
            endpoints: row["endpoints"], grader: row["grader"],
            budget: StoreCoding.decode(Budget.self, from: row["budget"]) ?? .unlimited, seeds: row["seeds"],
            dataset: row["dataset"], ponderVersion: row["ponder_version"],
            startedAt: StoreCoding.date(row["started_at"]) ?? Date(timeIntervalSince1970: 0),
            finishedAt: StoreCoding.date(row["finished_at"]))
    }
}
