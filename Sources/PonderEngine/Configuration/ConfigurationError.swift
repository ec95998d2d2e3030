/// A configuration file that cannot be used, with where and why.
///
/// Printed as `Configs/ponder.yaml:12: endpoints[1].timeouts.total: expected a positive number of
/// seconds, got 'soon'`: the file, the line, the key path and what was expected.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var path: String
    public var message: String

    public init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
