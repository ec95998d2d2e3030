import GRDB

/// The SQLite file of `ponder serve --record` (GRDB, WAL journal): one `request` row per answered
/// completion request (see `RecordStoreSchema`).
///
/// Durability: rows are inserted in batches, each batch in one transaction, so a daemon killed at any
/// moment (even `kill -9`) leaves every committed row whole and no row half written, and the file
/// passes `PRAGMA integrity_check`. A restarted daemon opens the same file and appends. The daemon's
/// `RequestRecorder` is the only writer; readers (`sqlite3`, reports) may open the file while it runs.
final class RecordStore: Sendable {
    let path: String
    private let database: DatabasePool

    private init(path: String, database: DatabasePool) {
        self.path = path
        self.database = database
    }

    /// Opens the file at `path`, creating it and its table when missing and upgrading an older schema.
    /// A SQLite file with other tables (a run store, say) is refused rather than written into.
    static func open(at path: String) throws -> RecordStore {
        var configuration = Configuration()
        // A reader holding a lock makes the writer wait for it instead of failing the batch.
        configuration.busyMode = .timeout(10)
        configuration.label = "ponder-record"
        do {
            let database = try DatabasePool(path: path, configuration: configuration)
            let tables = try database.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            let migrator = RecordStoreSchema.migrator
            if !tables.isEmpty, !tables.contains("grdb_migrations") || !tables.contains("request") || tables.contains("result") {
                throw RecordStoreError.notARecordStore(path: path)
            }
            if try database.read({ try migrator.hasBeenSuperseded($0) }) { throw RecordStoreError.newerSchema(path: path) }
            try migrator.migrate(database)
            return RecordStore(path: path, database: database)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw RecordStoreError.notADatabase(path: path)
        } catch let error as DatabaseError {
            throw RecordStoreError.cannotOpen(path: path, detail: error.message ?? "\(error)")
        }
    }

    /// Inserts `rows` (already encoded) in one transaction: all of them or, if it fails, none.
    func insert(_ rows: [StatementArguments]) async throws {
        try await database.write { try Self.insert(rows, into: $0) }
    }

    /// The same, blocking the calling thread: the writer's last batch when its task has been cancelled
    /// (GRDB's async write refuses to start then).
    func insertNow(_ rows: [StatementArguments]) throws {
        try database.write { try Self.insert(rows, into: $0) }
    }

    private static func insert(_ rows: [StatementArguments], into db: Database) throws {
        let statement = try db.cachedStatement(sql: AnsweredRequest.insertSQL)
        for row in rows { try statement.execute(arguments: row) }
    }

    /// Every row, in commit order.
    func requests() throws -> [AnsweredRequest] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM request ORDER BY id").map(AnsweredRequest.init(row:)) }
    }

    /// `PRAGMA integrity_check`'s verdict: "ok" for a sound file.
    func integrityCheck() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
