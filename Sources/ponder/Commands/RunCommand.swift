import ArgumentParser

/// `ponder run`: a strategy over a problem set into a run store (`start`, the default), and the
/// store's rows in the interchange format (`export`).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a strategy over a problem set, grading and storing every answer; export a run's rows.",
        subcommands: [RunStartCommand.self, RunExportCommand.self],
        defaultSubcommand: RunStartCommand.self
    )
}
