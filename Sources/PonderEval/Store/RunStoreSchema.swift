import GRDB

/// The tables of a run store, created and upgraded by GRDB's migrator (each migration runs once, in
/// order, and is recorded in `grdb_migrations`). Add a migration for every change; never edit one that
/// has shipped.
///
/// - `run`: one row, the run's identity: preset and its full definition, model, endpoints, grader,
///   budget, seeds, dataset, Ponder version, start and end.
/// - `session`: one row per invocation (the first and every `--resume`): when, which version and
///   endpoints, concurrency, and how it ended.
/// - `result`: one row per problem × seed, unique on `(problem_id, seed)`: the answer, the grade,
///   tokens by kind, calls, latency, and why the search was cut short (NULL when it was not).
/// - `candidate`: every candidate of a result, best first (`rank` 0 is the chosen one), with its scores
///   and its own grade.
/// - `trace`: the search tree of a result, as JSON.
/// - v2 adds `result.allocation`: the `auto` strategy's probe features, bin and plan, as JSON (NULL for
///   other strategies).
enum RunStoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("preset", .text).notNull()
                t.column("preset_definition", .text).notNull()
                t.column("model", .text).notNull()
                t.column("endpoints", .text).notNull()
                t.column("grader", .text).notNull()
                t.column("budget", .text).notNull()
                t.column("seeds", .integer).notNull()
                t.column("dataset", .text).notNull()
                t.column("ponder_version", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("finished_at", .text)
            }
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("started_at", .text).notNull()
                t.column("finished_at", .text)
                t.column("ponder_version", .text).notNull()
                t.column("endpoints", .text).notNull()
                t.column("concurrency", .integer).notNull()
                t.column("seeds", .integer).notNull()
                t.column("limit_rows", .integer)
                t.column("status", .text).notNull().defaults(to: "running")
                t.column("recorded", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "result") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("problem_id", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("position", .integer).notNull()
                t.column("engine_seed", .integer).notNull()
                t.column("task", .text)
                t.column("difficulty", .text)
                t.column("question", .text).notNull()
                t.column("reference", .text)
                t.column("reference_canonical", .text)
                t.column("grader", .text).notNull()
                t.column("answer", .text)
                t.column("answer_canonical", .text)
                t.column("correct", .boolean).notNull()
                t.column("score", .double).notNull()
                t.column("grade_detail", .text)
                t.column("text", .text).notNull()
                t.column("prompt_tokens", .integer).notNull()
                t.column("completion_tokens", .integer).notNull()
                t.column("cached_prompt_tokens", .integer).notNull()
                t.column("uncounted_choices", .integer).notNull()
                t.column("calls", .integer).notNull()
                t.column("generation_equivalents", .double).notNull()
                t.column("latency_ms", .double).notNull()
                t.column("cut_short", .text)
                t.column("session_id", .integer).references("session")
                t.column("finished_at", .text).notNull()
                t.uniqueKey(["problem_id", "seed"])
            }
            try db.create(table: "candidate") { t in
                t.column("result_id", .integer).notNull().references("result", onDelete: .cascade)
                t.column("rank", .integer).notNull()
                t.column("text", .text).notNull()
                t.column("answer", .text)
                t.column("answer_canonical", .text)
                t.column("score", .double)
                t.column("step_scores", .text).notNull()
                t.column("votes", .integer)
                t.column("complete", .boolean).notNull()
                t.column("correct", .boolean).notNull()
                t.column("grade_score", .double).notNull()
                t.primaryKey(["result_id", "rank"])
            }
            try db.create(table: "trace") { t in
                t.primaryKey("result_id", .integer).references("result", onDelete: .cascade)
                t.column("chosen", .integer)
                t.column("nodes", .text).notNull()
            }
        }
        migrator.registerMigration("v2") { db in
            try db.alter(table: "result") { t in
                t.add(column: "allocation", .text)
            }
        }
        return migrator
    }
}
