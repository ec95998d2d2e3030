/// A file placed in the sandbox's working directory before the program starts.
public struct SandboxFile: Sendable, Hashable {
    /// Path relative to the working directory, e.g. `solution.py` or `tests/test_a.py`. Absolute paths
    /// and `..` components are refused (the run ends with ``SandboxOutcome/sandboxUnavailable(_:)``).
    public var path: String
    public var contents: [UInt8]
    /// Mode 0755 instead of 0644.
    public var isExecutable: Bool

    public init(path: String, contents: [UInt8], isExecutable: Bool = false) {
        self.path = path
        self.contents = contents
        self.isExecutable = isExecutable
    }

    public init(path: String, text: String, isExecutable: Bool = false) {
        self.init(path: path, contents: Array(text.utf8), isExecutable: isExecutable)
    }

    /// The path split into its components when it is a safe relative path.
    var safeComponents: [Substring]? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.utf8.contains(0) else { return nil }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return components
    }
}
