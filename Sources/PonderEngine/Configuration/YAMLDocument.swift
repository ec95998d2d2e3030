import Yams

/// Parses a YAML file's text into its root node, with parse errors reported as `ConfigurationError`s
/// that name the file and line.
enum YAMLDocument {
    static func root(of text: String, file: String) throws -> Node {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, line: nil, path: "", message: "the file is empty")
            }
            return root
        } catch let error as ConfigurationError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _) {
            throw ConfigurationError(file: file, line: mark.line, path: "", message: "not valid YAML: \(problem)")
        } catch {
            throw ConfigurationError(file: file, line: nil, path: "", message: "not valid YAML: \(error)")
        }
    }
}
