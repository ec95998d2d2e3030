import PonderAllocator
import PonderStrategies
import Yams

import struct FoundationEssentials.URL
import class Foundation.FileManager

/// The presets of a `Strategies/` folder, validated when loaded.
///
/// Each file is checked: its kind must exist and its parameters must be ones that kind takes, with
/// the right types (the strategy is built once to prove it); errors name the file and the key.
public struct PresetLibrary: Sendable {
    public let presets: [StrategyPreset]
    /// Budget variants found valid so far, shared by copies of the library.
    let variants = VariantPresets()

    public init(presets: [StrategyPreset]) {
        self.presets = presets.sorted { $0.name < $1.name }
    }

    /// A preset by name, or a budget variant `name@N`: the preset with its budget parameter (see
    /// `budgetParameter(kind:)`) set to N, e.g. `beam-prm@64` or `auto@16`. A variant is checked by
    /// building its strategy; the daemon looks a request's preset up several times, so variants found
    /// valid are kept (`VariantPresets`) rather than built again each time.
    public func preset(named name: String) -> StrategyPreset? {
        if let preset = presets.first(where: { $0.name == name }) { return preset }
        if let known = variants.preset(named: name) { return known }
        guard let at = name.lastIndex(of: "@"), let budget = Int(name[name.index(after: at)...]), budget > 0,
            var preset = presets.first(where: { $0.name == name[..<at] }),
            let parameter = Self.budgetParameter(kind: preset.kind)
        else { return nil }
        preset.name = name
        preset.parameters.values[parameter] = .int(budget)
        guard (try? Self.check(kind: preset.kind, parameters: preset.parameters)) != nil else { return nil }
        variants.keep(preset)
        return preset
    }

    /// The parameter a budget variant sets: the strategy's own (samples, paths…), `tier` for `auto`,
    /// `samples` for `probe`.
    public static func budgetParameter(kind: String) -> String? {
        switch kind {
        case AutoParameters.kind: return "tier"
        case ProbeParameters.kind: return "samples"
        default: return StrategyCatalog.budgetParameter(kind: kind)
        }
    }

    /// Builds the kind's strategy (or reads the allocator's parameters) once, to prove the parameters.
    static func check(kind: String, parameters: StrategyParameters) throws {
        switch kind {
        case AutoParameters.kind: _ = try AutoParameters.read(parameters)
        case ProbeParameters.kind: _ = try ProbeParameters.read(parameters)
        default: _ = try StrategyCatalog.make(kind: kind, parameters: parameters)
        }
    }

    public static func load(directory: String) throws -> PresetLibrary {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw ConfigurationError(file: directory, line: nil, path: "", message: "cannot list the presets folder: \(error)")
        }
        var presets: [StrategyPreset] = []
        for file in files {
            let path = directory + "/" + file
            let text: String
            do {
                text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
            } catch {
                throw ConfigurationError(file: path, line: nil, path: "", message: "cannot read: \(error)")
            }
            let defaultName = String(file.prefix { $0 != "." })
            let preset = try parse(yaml: text, file: path, defaultName: defaultName)
            if presets.contains(where: { $0.name == preset.name }) {
                throw ConfigurationError(file: path, line: nil, path: "name", message: "preset name '\(preset.name)' is used twice")
            }
            presets.append(preset)
        }
        return PresetLibrary(presets: presets)
    }

    public static func parse(yaml: String, file: String, defaultName: String) throws -> StrategyPreset {
        let root = try YAMLDocument.root(of: yaml, file: file)
        let map = try ConfigNode(node: root, path: "", file: file)
            .mapping(allowed: ["name", "kind", "description", "parameters", "prompt", "step_delimiter", "verifier", "step_verifier"])
        var preset = StrategyPreset(
            name: try map["name"]?.string() ?? defaultName,
            kind: try map.required("kind", "the strategy kind, e.g. best-of-n").string(),
            summary: try map["description"]?.string() ?? "", file: file)
        if let prompt = map["prompt"] { preset.prompt = try prompt.string() }
        if let delimiter = map["step_delimiter"] {
            guard case .scalar(let scalar) = delimiter.node, !scalar.string.isEmpty else {
                throw delimiter.error("expected a non-empty string such as \"\\n\\n\"")
            }
            preset.stepDelimiter = scalar.string
        }
        if let verifier = map["verifier"] { preset.verifier = try Self.verifier(verifier) }
        if let stepVerifier = map["step_verifier"] {
            preset.stepVerifier = try stepVerifier.word(StepVerifierSpec.self, what: "step verifier", plural: "step verifiers")
        }
        if let parameters = map["parameters"] {
            guard case .mapping(let mapping) = parameters.node else { throw parameters.error("expected a mapping") }
            var values: [String: StrategyParameters.Value] = [:]
            for (key, value) in mapping {
                guard let name = key.string, case .scalar(let scalar) = value else {
                    throw parameters.error("parameters are name: value pairs of numbers, booleans or words")
                }
                values[name] = Self.value(of: scalar, node: value)
            }
            preset.parameters = StrategyParameters(values)
        }
        do {
            try check(kind: preset.kind, parameters: preset.parameters)
        } catch let error as StrategyError {
            throw ConfigurationError(file: file, line: map["parameters"]?.node.mark?.line, path: "parameters", message: error.description)
        }
        return preset
    }

    private static func verifier(_ node: ConfigNode) throws -> VerifierSpec {
        if case .scalar = node.node {
            guard try node.string() == "arithmetic" else {
                throw node.error("expected 'arithmetic' or a mapping with 'command'")
            }
            return .arithmetic
        }
        let map = try node.mapping(allowed: ["command", "input_file", "score_from_last_line", "timeout_seconds", "memory_mb"])
        let arguments = try map.required("command", "the program and its arguments, as a list").strings()
        return .command(
            arguments: arguments, inputFile: try map["input_file"]?.string(),
            scoreFromLastLine: try map["score_from_last_line"]?.bool() ?? false,
            timeoutSeconds: try map["timeout_seconds"]?.positiveNumber("a positive number of seconds") ?? 10,
            memoryMB: try map["memory_mb"]?.integer(in: 16...65_536) ?? 512)
    }

    private static func value(of scalar: Node.Scalar, node: Node) -> StrategyParameters.Value {
        if scalar.style == .plain {
            if let int = node.int { return .int(int) }
            if let double = node.float { return .double(double) }
            if let bool = node.bool { return .bool(bool) }
        }
        return .string(scalar.string)
    }
}
