import PonderAllocator

import class Foundation.FileManager

/// Loads the allocation table of every `auto` preset and checks it against the presets: every cell must
/// name a preset that exists, is not itself an allocator, and presents the question with the same prompt
/// (so the pilots can be handed to it).
enum AllocationTables {
    static func load(for presets: PresetLibrary) throws -> [String: AllocationTable] {
        var tables: [String: AllocationTable] = [:]
        for preset in presets.presets where preset.kind == AutoParameters.kind {
            let parameters = try AutoParameters.read(preset.parameters)
            if tables[parameters.table] == nil {
                let table: AllocationTable
                do {
                    table = try AllocationTable.load(file: try path(of: parameters.table, preset: preset))
                } catch let error as AllocationTableError {
                    throw ConfigurationError(file: error.file, line: nil, path: "", message: error.message)
                }
                tables[parameters.table] = table
            }
            try check(tables[parameters.table]!, against: presets, auto: preset, tableName: parameters.table)
        }
        return tables
    }

    /// A path as given when it exists, else a file of that name under `Configs/`.
    static func path(of name: String, preset: StrategyPreset) throws -> String {
        if name.hasPrefix("/") || FileManager.default.fileExists(atPath: name) { return name }
        if let configs = ResourceLocator.folder("Configs"), FileManager.default.fileExists(atPath: configs + "/" + name) {
            return configs + "/" + name
        }
        throw ConfigurationError(
            file: preset.file, line: nil, path: "parameters.table",
            message: "no allocation table '\(name)' (looked for the path and under Configs/); write one with `ponder calibrate`")
    }

    static func check(_ table: AllocationTable, against presets: PresetLibrary, auto: StrategyPreset, tableName: String) throws {
        for name in table.presetsNamed {
            guard let preset = presets.preset(named: name) else {
                throw ConfigurationError(
                    file: tableName, line: nil, path: "bins",
                    message: "a cell names the preset '\(name)', which does not exist (a name, or name@N for a budget variant)")
            }
            guard preset.kind != AutoParameters.kind, preset.kind != ProbeParameters.kind else {
                throw ConfigurationError(file: tableName, line: nil, path: "bins", message: "a cell cannot name '\(name)', itself an allocator")
            }
            guard preset.prompt == auto.prompt else {
                throw ConfigurationError(
                    file: tableName, line: nil, path: "bins",
                    message: "'\(name)' uses the prompt '\(preset.prompt)' but '\(auto.name)' uses '\(auto.prompt)'; the pilots could not be reused")
            }
        }
    }
}
