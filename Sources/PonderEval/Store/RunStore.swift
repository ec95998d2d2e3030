import Foundation
import GRDB
import PonderCore

/// The SQLite file of a batch run (GRDB, WAL journal): the run's metadata, one row per problem × seed,
/// every candidate and the search trace.
///
/// Durability: each finished problem is written in its own transaction by ``record(_:session:)``, so a
/// process killed at any moment (even `kill -9`) leaves every recorded row intact and none half
/// written; the unique key on `(problem_id, seed)` makes a second write of the same row a no-op.
/// The runner is the only writer; readers (`ponder run export`, `ponder compare`) may open the file
/// while it runs.
///
/// ```swift
/// let store = try RunStore.open(at: "run.sqlite")
/// let session = try await store.begin(metadata, session: info, resume: false)
/// try await store.record(result, session: session)
/// ```
public final class RunStore: Sendable {
    public let path: String
    let database: DatabasePool

    private init(path: String, database: DatabasePool) {
        self.path = path
        self.database = database
    }

    /// Opens the store at `path`, creating the file and its tables when missing and upgrading an older
    /// schema. A SQLite file with other tables is refused.
    public static func open(at path: String) throws -> RunStore {
        let database: DatabasePool
        do {
            database = try DatabasePool(path: path, configuration: configuration())
            let tables = try database.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            if !tables.isEmpty, !tables.contains("grdb_migrations") { throw RunStoreError.notARunStore(path: path) }
            let migrator = RunStoreSchema.migrator
            if try database.read({ try migrator.hasBeenSuperseded($0) }) { throw RunStoreError.newerSchema(path: path) }
            try migrator.migrate(database)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw RunStoreError.notADatabase(path: path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            throw RunStoreError.cannotOpen(path: path)
        }
        return RunStore(path: path, database: database)
    }

    /// Opens a store that must exist already (for reading).
    public static func openExisting(at path: String) throws -> RunStore {
        guard FileManager.default.fileExists(atPath: path) else { throw RunStoreError.missing(path: path) }
        return try open(at: path)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (an export while the run writes) waits for the lock instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.label = "ponder-run-store"
        return configuration
    }
}
