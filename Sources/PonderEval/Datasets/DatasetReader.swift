import Foundation

/// Reads a problem file: JSONL (one JSON object per line) or CSV with a header row, chosen by the
/// extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else by whether the first character is `{`.
///
/// Every row is checked (see ``RowFields``); a bad row is kept aside with its line and field instead
/// of stopping the read, so one run of the reader reports all of them. Ids must be unique: results are
/// keyed by (problem, seed).
public enum DatasetReader {
    public enum Format: String, Sendable {
        case jsonl, csv
    }

    public static func read(file: String, defaultGrader: GraderSpec = .math) throws(DatasetError) -> Dataset {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw .unreadable(file: file, reason: FileManager.default.fileExists(atPath: file) ? "not readable as UTF-8 text" : "no such file")
        }
        return try parse(text, file: file, format: format(of: file, text: text), defaultGrader: defaultGrader)
    }

    public static func format(of file: String, text: String) -> Format {
        let lowered = file.lowercased()
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".json") { return .jsonl }
        return text.first { !$0.isWhitespace } == "{" ? .jsonl : .csv
    }

    public static func parse(_ text: String, file: String, format: Format, defaultGrader: GraderSpec = .math) throws(DatasetError) -> Dataset {
        let rowFields = switch format {
        case .jsonl: jsonlRows(text)
        case .csv: try csvRows(text, file: file)
        }
        var dataset = Dataset(file: file, rows: [])
        var firstLineOfID: [String: Int] = [:]
        for entry in rowFields {
            switch entry {
            case .failure(let bad):
                dataset.badRows.append(bad)
            case .success(let fields):
                do throws(BadRow) {
                    let row = try fields.row(defaultGrader: defaultGrader)
                    if let first = firstLineOfID[row.id] {
                        throw BadRow(line: row.line, field: "id", message: "duplicate id '\(row.id)' (first on line \(first))")
                    }
                    firstLineOfID[row.id] = row.line
                    dataset.rows.append(row)
                } catch {
                    dataset.badRows.append(error)
                }
            }
        }
        return dataset
    }

    private static func jsonlRows(_ text: String) -> [Result<RowFields, BadRow>] {
        var result: [Result<RowFields, BadRow>] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let number = index + 1
            do {
                guard case .object(let fields) = try JSONValue.parse(line) else {
                    result.append(.failure(BadRow(line: number, field: nil, message: "expected a JSON object")))
                    continue
                }
                result.append(.success(RowFields(fields: fields, line: number, fromCSV: false)))
            } catch {
                result.append(.failure(BadRow(line: number, field: nil, message: "not valid JSON")))
            }
        }
        return result
    }

    private static func csvRows(_ text: String, file: String) throws(DatasetError) -> [Result<RowFields, BadRow>] {
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.records(in: text)
        } catch {
            throw .malformed(file: file, line: error.line, reason: error.message)
        }
        guard let header = records.first else { return [] }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return records.dropFirst().map { record in
            guard record.fields.count == names.count else {
                return .failure(BadRow(
                    line: record.line, field: nil,
                    message: "\(record.fields.count) fields, but the header has \(names.count)"))
            }
            var fields: [String: JSONValue] = [:]
            for (name, value) in zip(names, record.fields) { fields[name] = .string(value) }
            return .success(RowFields(fields: fields, line: record.line, fromCSV: true))
        }
    }
}
