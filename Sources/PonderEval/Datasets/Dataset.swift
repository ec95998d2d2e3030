/// The rows of a problem file, and the rows that could not be read.
public struct Dataset: Sendable {
    public var file: String
    public var rows: [DatasetRow]
    public var badRows: [BadRow]

    public init(file: String, rows: [DatasetRow], badRows: [BadRow] = []) {
        self.file = file
        self.rows = rows
        self.badRows = badRows
    }

    /// The dataset to run: as it is when every row is good; with the good rows only when
    /// `skipBadRows`; otherwise an error listing the bad rows.
    public func checked(skipBadRows: Bool) throws(DatasetError) -> Dataset {
        if !badRows.isEmpty, !skipBadRows { throw .badRows(file: file, rows: badRows) }
        if rows.isEmpty { throw badRows.isEmpty ? .empty(file: file) : .badRows(file: file, rows: badRows) }
        return self
    }
}
