import ArgumentParser

/// The `ponder` command line: one subcommand per verb, each in its own file under `Commands/`.
struct Ponder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ponder",
        abstract: "Test-time-compute inference orchestrator: search strategies over OpenAI-compatible model servers.",
        subcommands: [DemoCommand.self, ServeCommand.self, RunCommand.self, CalibrateCommand.self, GradeCommand.self, SimCommand.self, AskCommand.self, StrategiesCommand.self, BenchCommand.self, CompareCommand.self]
    )
}
