import Foundation
import PonderCore

/// What a run is: the settings that decide its results. Stored once per run store; a `--resume` must
/// ask for the same settings, or rows made under different rules would be mixed.
public struct RunMetadata: Sendable, Hashable {
    public var preset: String
    /// The preset's full definition (kind, parameters, prompt, step delimiter, verifier) as canonical
    /// JSON, so an edited preset file is noticed on resume.
    public var presetDefinition: String
    /// The policy model's id.
    public var model: String
    /// The endpoints (name, model, URLs, roles) as JSON; informational (URLs may change between sessions).
    public var endpoints: String
    public var grader: String
    public var budget: Budget
    /// Seeds 0..<seeds per problem (the largest count any session asked for).
    public var seeds: Int
    public var dataset: String
    public var ponderVersion: String
    public var startedAt: Date
    /// When a session last completed every problem × seed it was asked for; nil until then.
    public var finishedAt: Date?

    public init(
        preset: String, presetDefinition: String, model: String, endpoints: String, grader: String, budget: Budget,
        seeds: Int, dataset: String, ponderVersion: String = PonderVersion.current, startedAt: Date = Date(),
        finishedAt: Date? = nil
    ) {
        self.preset = preset
        self.presetDefinition = presetDefinition
        self.model = model
        self.endpoints = endpoints
        self.grader = grader
        self.budget = budget
        self.seeds = seeds
        self.dataset = dataset
        self.ponderVersion = ponderVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The settings in which `requested` differs from this stored run, one line each; empty when a
    /// resume may go on.
    public func conflicts(with requested: RunMetadata) -> [String] {
        var lines: [String] = []
        func compare(_ name: String, _ stored: String, _ asked: String) {
            if stored != asked { lines.append("\(name): the store has \(stored), this run asks for \(asked)") }
        }
        compare("preset", "'\(preset)'", "'\(requested.preset)'")
        if preset == requested.preset {
            compare("preset definition", presetDefinition, requested.presetDefinition)
        }
        compare("model", "'\(model)'", "'\(requested.model)'")
        compare("grader", grader, requested.grader)
        compare("budget", Self.json(budget), Self.json(requested.budget))
        return lines
    }

    static func json(_ budget: Budget) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(budget), as: UTF8.self)) ?? "{}"
    }
}
