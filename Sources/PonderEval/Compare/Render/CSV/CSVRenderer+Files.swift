import struct FoundationEssentials.Data
import class FoundationEssentials.FileManager
import struct FoundationEssentials.URL

extension CSVRenderer {
    /// Writes every table into `directory` (created if missing), replacing files of the same names.
    /// Returns the paths written.
    @discardableResult
    public func write(_ report: ComparisonReport, toDirectory directory: String) throws -> [String] {
        let folder = URL(filePath: directory, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try tables(report).map { table in
            let file = folder.appending(path: table.fileName)
            try Data(table.text.utf8).write(to: file, options: .atomic)
            return file.path
        }
    }
}
