import PonderCore

/// The parameters of a preset, read by a strategy builder with types checked and unknown names caught.
public struct StrategyParameters: Sendable {
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case int(Int)
        case double(Double)
        case bool(Bool)
        case string(String)

        public var description: String {
            switch self {
            case .int(let v): return String(v)
            case .double(let v): return String(v)
            case .bool(let v): return String(v)
            case .string(let v): return v
            }
        }
    }

    public var values: [String: Value]

    public init(_ values: [String: Value] = [:]) {
        self.values = values
    }

    /// Reads parameters for one builder and remembers which names it asked for.
    public final class Reader {
        let parameters: StrategyParameters
        private(set) var known: [String] = []

        public init(_ parameters: StrategyParameters) {
            self.parameters = parameters
        }

        public func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            known.append(name)
            guard let raw = parameters.values[name] else { return value }
            guard case .int(let v) = raw else { throw StrategyError.invalidParameter(name: name, reason: "expected a whole number, got \(raw)") }
            guard range.contains(v) else {
                throw StrategyError.invalidParameter(name: name, reason: "must be from \(range.lowerBound) to \(range.upperBound), got \(v)")
            }
            return v
        }

        public func double(_ name: String, default value: Double, range: ClosedRange<Double>) throws -> Double {
            known.append(name)
            guard let raw = parameters.values[name] else { return value }
            let v: Double
            switch raw {
            case .double(let d): v = d
            case .int(let i): v = Double(i)
            default: throw StrategyError.invalidParameter(name: name, reason: "expected a number, got \(raw)")
            }
            guard range.contains(v) else {
                throw StrategyError.invalidParameter(name: name, reason: "must be from \(range.lowerBound) to \(range.upperBound), got \(v)")
            }
            return v
        }

        public func string(_ name: String, default value: String) throws -> String {
            known.append(name)
            guard let raw = parameters.values[name] else { return value }
            guard case .string(let text) = raw, !text.isEmpty else {
                throw StrategyError.invalidParameter(name: name, reason: "expected a word or a file name, got \(raw)")
            }
            return text
        }

        public func bool(_ name: String, default value: Bool) throws -> Bool {
            known.append(name)
            guard let raw = parameters.values[name] else { return value }
            guard case .bool(let v) = raw else { throw StrategyError.invalidParameter(name: name, reason: "expected true or false, got \(raw)") }
            return v
        }

        public func choice<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws -> T where T.RawValue == String {
            known.append(name)
            guard let raw = parameters.values[name] else { return value }
            guard case .string(let text) = raw, let v = T(rawValue: text) else {
                let options = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw StrategyError.invalidParameter(name: name, reason: "expected one of \(options), got \(raw)")
            }
            return v
        }

        /// Fails on any parameter the builder did not ask for (a typo must not silently do nothing).
        public func rejectUnknown(kind: String) throws {
            for name in parameters.values.keys.sorted() where !known.contains(name) {
                throw StrategyError.invalidParameter(
                    name: name, reason: "'\(kind)' has no such parameter; it takes \(known.joined(separator: ", "))")
            }
        }
    }
}
