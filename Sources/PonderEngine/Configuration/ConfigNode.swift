import Yams

/// A YAML node with the key path that led to it, for reading configuration with precise errors.
///
/// Every accessor either returns a valid value or throws a `ConfigurationError` naming the file, the
/// line, the key path and what was expected. Mappings reject unknown keys (with a suggestion for a
/// near miss) so that a typo never silently falls back to a default.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, path: path, message: message)
    }

    /// The value as it appears, for messages.
    var shown: String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw error("expected a non-empty string, got \(shown)")
        }
        return scalar.string
    }

    func positiveNumber(_ what: String = "a positive number") throws -> Double {
        guard let value = node.float ?? node.int.map(Double.init), value > 0, value.isFinite else {
            throw error("expected \(what), got \(shown)")
        }
        return value
    }

    func nonNegativeNumber(_ what: String = "a number ≥ 0") throws -> Double {
        guard let value = node.float ?? node.int.map(Double.init), value >= 0, value.isFinite else {
            throw error("expected \(what), got \(shown)")
        }
        return value
    }

    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard let value = node.int, range.contains(value) else {
            throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(shown)")
        }
        return value
    }

    func bool() throws -> Bool {
        guard let value = node.bool else { throw error("expected true or false, got \(shown)") }
        return value
    }

    func list() throws -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, got \(shown)") }
        return sequence.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// A word naming a case of `E` (its raw value); a misspelt one gets the nearest as a suggestion.
    /// `also` lists words the caller handles itself: they are named in the message and read as nil.
    func word<E: RawRepresentable & CaseIterable>(
        _ type: E.Type, what: String, plural: String, also: [String] = []
    ) throws -> E? where E.RawValue == String {
        let word = try string()
        if also.contains(word) { return nil }
        if let value = E(rawValue: word) { return value }
        let names = also + E.allCases.map(\.rawValue)
        let hint = Suggestion.closest(to: word, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        throw error("unknown \(what) '\(word)'\(hint); \(plural) are \(names.joined(separator: ", "))")
    }

    /// A list of strings; a single string is accepted as a list of one.
    func strings() throws -> [String] {
        if case .scalar = node { return [try string()] }
        return try list().map { try $0.string() }
    }

    /// The entries of a mapping, checked against the keys allowed here (nil: any string key).
    func mapping(allowed: [String]?) throws -> ConfigMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, got \(shown)") }
        var entries: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error("mapping keys must be strings") }
            let child = ConfigNode(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
            if let allowed, !allowed.contains(key) {
                let hint = Suggestion.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigurationError(
                    file: file, line: keyNode.mark?.line, path: child.path,
                    message: "unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))")
            }
            entries[key] = child
        }
        return ConfigMapping(entries: entries, owner: self)
    }
}

/// The checked entries of one YAML mapping.
struct ConfigMapping {
    let entries: [String: ConfigNode]
    let owner: ConfigNode

    subscript(key: String) -> ConfigNode? { entries[key] }

    func required(_ key: String, _ what: String) throws -> ConfigNode {
        guard let node = entries[key] else { throw owner.error("missing required key '\(key)' (\(what))") }
        return node
    }
}

/// Picks the allowed word nearest to a misspelt one (edit distance ≤ 2).
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        candidates
            .map { ($0, distance(word, $0)) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
