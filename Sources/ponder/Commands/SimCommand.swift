import ArgumentParser
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim")
}
