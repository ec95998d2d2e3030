/// Why a run store cannot be used as asked.
public enum RunStoreError: Error, Sendable, CustomStringConvertible {
    case missing(path: String)
    case cannotOpen(path: String)
    case notADatabase(path: String)
    /// A SQLite file with other tables: not written by Ponder, so it is left alone.
    case notARunStore(path: String)
    /// Written by a newer Ponder whose schema this one does not know.
    case newerSchema(path: String)
    /// The store has no run yet (nothing to export or compare).
    case noRun(path: String)
    /// The store already holds a run and `--resume` was not given.
    case alreadyHoldsRun(path: String, preset: String, rows: Int)
    /// `--resume` asked for other settings than the stored run's.
    case settingsDiffer(path: String, differences: [String])

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no such run store"
        case .cannotOpen(let path):
            return "\(path): cannot create or open the run store (does its folder exist, and may it be written?)"
        case .notADatabase(let path):
            return "\(path): not a SQLite database"
        case .notARunStore(let path):
            return "\(path): a SQLite database that is not a Ponder run store; choose another file"
        case .newerSchema(let path):
            return "\(path): written by a newer Ponder; upgrade to read it"
        case .noRun(let path):
            return "\(path): the store holds no run yet"
        case .alreadyHoldsRun(let path, let preset, let rows):
            return "\(path) already holds a run of '\(preset)' (\(rows) results); pass --resume to continue it, or choose another --out"
        case .settingsDiffer(let path, let differences):
            return (["cannot resume \(path) with different settings:"] + differences.map { "  \($0)" }
                + ["resume with the stored settings, or write to another --out"]).joined(separator: "\n")
        }
    }
}
