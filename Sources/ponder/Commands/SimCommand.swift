import ArgumentParser

/// `ponder sim`: the simulated reasoning model server (`serve`, the default) and its problem sets (`problems`).
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the simulated reasoning model server, or write its synthetic problem sets.",
        subcommands: [SimServeCommand.self, SimProblemsCommand.self],
        defaultSubcommand: SimServeCommand.self
    )
}
