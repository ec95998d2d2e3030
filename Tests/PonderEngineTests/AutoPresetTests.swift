import Foundation
import PonderAllocator
import PonderCore
import PonderStrategies
import Testing

@testable import PonderEngine

@Suite struct AutoPresetTests {
    static let root = ResourceLocator.sourceRoot

    @Test func budgetVariantsSetTheBudgetParameter() throws {
        let library = try PresetLibrary.load(directory: Self.root + "/Strategies")
        #expect(library.preset(named: "beam-prm@16")?.parameters.values["n"] == .int(16))
        #expect(library.preset(named: "particle-filter@4")?.parameters.values["particles"] == .int(4))
        #expect(library.preset(named: "rebase@64")?.parameters.values["width"] == .int(64))
        #expect(library.preset(named: "auto@4")?.parameters.values["tier"] == .int(4))
        #expect(library.preset(named: "probe@8")?.parameters.values["samples"] == .int(8))
        #expect(library.preset(named: "beam-prm@16")?.name == "beam-prm@16")
        #expect(library.preset(named: "single@4") == nil, "single has no budget parameter")
        #expect(library.preset(named: "dvts@6") == nil, "DVTS needs a multiple of its beam width")
        #expect(library.preset(named: "beam-prm@2") == nil, "beam needs at least its beam width")
        #expect(library.preset(named: "beam-prm@0") == nil && library.preset(named: "beam-prm@x") == nil)
        #expect(library.preset(named: "nope@4") == nil)
    }

    @Test func theShippedTableLoadsAndNamesShippedPresets() throws {
        let library = try PresetLibrary.load(directory: Self.root + "/Strategies")
        let tables = try AllocationTables.load(for: library)
        let table = try #require(tables["allocation-sim.yaml"])
        #expect(table.inconsistency == nil)
        #expect(table.presetsNamed.allSatisfy { library.preset(named: $0) != nil })
        #expect(table.bins.allSatisfy { ($0.pilotAccuracy ?? -1) >= 0 && $0.cells.allSatisfy { $0.accuracy != nil && $0.tokens != nil } })
    }

    static func library(table: String) throws -> PresetLibrary {
        let auto = try PresetLibrary.parse(yaml: "kind: auto\nparameters:\n  table: \(table)\n", file: "auto.yaml", defaultName: "auto")
        return PresetLibrary(presets: [auto, StrategyPreset(name: "single", kind: "single", summary: "one")])
    }

    @Test func aMissingOrWrongTableIsAConfigurationError() throws {
        #expect(throws: ConfigurationError.self) { try AllocationTables.load(for: try Self.library(table: "no-such-table.yaml")) }
        let path = FileManagerTemp.write(
            """
            thresholds: [0.5]
            tiers: [4]
            bins:
              - bin: 1
                cells: [{tier: 4, preset: single}]
              - bin: 2
                cells: [{tier: 4, preset: beam-prm@4}]
            """)
        do {
            _ = try AllocationTables.load(for: try Self.library(table: path))
            Issue.record("a cell naming a missing preset was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("beam-prm@4"), "\(error)")
        }
        #expect(throws: ConfigurationError.self) {
            try PresetLibrary.parse(yaml: "kind: auto\nparameters:\n  tier: many\n", file: "a.yaml", defaultName: "a")
        }
        #expect(throws: ConfigurationError.self) {
            try PresetLibrary.parse(yaml: "kind: auto\nparameters:\n  beam: 4\n", file: "a.yaml", defaultName: "a")
        }
    }
}

/// A file with the given text in a temporary folder of this test process, removed when it exits.
enum FileManagerTemp {
    static let root = NSTemporaryDirectory() + "ponder-tables-\(getpid())"
    private static let made: Void = {
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FileManagerTemp.root) }
    }()

    static func write(_ text: String) -> String {
        _ = made
        let path = root + "/table-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
