import GRDB

/// The tables of a `--record` file, created and upgraded by GRDB's migrator (each migration runs once,
/// in order, and is recorded in `grdb_migrations`). Add a migration for every change; never edit one
/// that has shipped.
///
/// - `request`: one row per answered completion request, in the order the writer committed them: when
///   it finished, the request id (not unique: a client may reuse its own `X-Request-Id`), route,
///   whether it streamed, the preset, the model id as sent, the client key's name; the prompt — chat
///   `messages` as JSON, or the raw `prompt` of a text completion; the first choice's `answer` and
///   `finish_reason`, further choices as JSON (`other_choices`, NULL for `n = 1`); why the budget cut
///   the search short (NULL when it did not); tokens by kind, uncounted choices and backend calls; the
///   latency; and the search `trace` as JSON (NULL for a streamed `single`).
enum RecordStoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "request") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("finished_at", .text).notNull()
                t.column("request_id", .text).notNull().indexed()
                t.column("route", .text).notNull()
                t.column("stream", .boolean).notNull()
                t.column("strategy", .text).notNull()
                t.column("model", .text).notNull()
                t.column("client", .text)
                t.column("messages", .text)
                t.column("prompt", .text)
                t.column("answer", .text).notNull()
                t.column("finish_reason", .text).notNull()
                t.column("other_choices", .text)
                t.column("cut_short", .text)
                t.column("prompt_tokens", .integer).notNull()
                t.column("completion_tokens", .integer).notNull()
                t.column("cached_prompt_tokens", .integer).notNull()
                t.column("uncounted_choices", .integer).notNull()
                t.column("calls", .integer).notNull()
                t.column("latency_ms", .double).notNull()
                t.column("trace", .text)
            }
        }
        return migrator
    }
}
