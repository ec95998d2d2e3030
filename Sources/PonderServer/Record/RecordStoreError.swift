/// Why a `--record` file cannot be used.
public enum RecordStoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, detail: String)
    case notADatabase(path: String)
    /// A SQLite file with other tables (a run store, someone else's database): left alone.
    case notARecordStore(path: String)
    /// Written by a newer Ponder whose schema this one does not know.
    case newerSchema(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let detail):
            return "--record \(path): cannot create or open the file (does its folder exist, and may it be written?): \(detail)"
        case .notADatabase(let path):
            return "--record \(path): not a SQLite database"
        case .notARecordStore(let path):
            return "--record \(path): a SQLite database that is not a Ponder request record (a run store?); choose another file"
        case .newerSchema(let path):
            return "--record \(path): written by a newer Ponder; upgrade, or choose another file"
        }
    }
}
