import ArgumentParser
import PonderEngine
import PonderStrategies

/// `ponder strategies`: the presets in `Strategies/`, one line each.
struct StrategiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies", abstract: "List the strategy presets (Strategies/*.yaml) and the strategy kinds.")

    @Option(help: "The presets folder (default: $PONDER_HOME/Strategies, ./Strategies, or the source tree's).")
    var folder: String?

    func run() async throws {
        try await CommandErrors.reported {
            guard let directory = folder ?? ResourceLocator.folder("Strategies") else {
                throw ValidationError("no Strategies folder found; pass --folder or set PONDER_HOME")
            }
            let library = try PresetLibrary.load(directory: directory)
            let width = library.presets.map(\.name.count).max() ?? 0
            print("presets in \(directory):")
            for preset in library.presets {
                let padding = String(repeating: " ", count: width - preset.name.count)
                print("  \(preset.name)\(padding)  \(preset.kind): \(preset.summary)")
            }
            print("\nkinds:")
            for entry in StrategyCatalog.entries { print("  \(entry.kind): \(entry.summary)") }
            print("  auto: probe, estimate difficulty, run the allocation table's plan for the prompt's bin")
            print("  probe: the pilots alone, their features and their vote (what calibration runs)")
            print("\nAny preset with a budget parameter also runs as name@N (e.g. beam-prm@64, auto@16).")
        }
    }
}
