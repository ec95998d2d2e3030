import Foundation
import Yams

/// The table as YAML (`Configs/allocation-*.yaml`), checked when read: a table that does not hang
/// together (bins against thresholds, cells against tiers) is refused with a message naming the field.
extension AllocationTable: Codable {
    enum CodingKeys: String, CodingKey {
        case source, binning, thresholds, tiers, probe, bins, escalations
        case model = "difficulty_model"
        case earlyExit = "early_exit"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            binning: try c.decodeIfPresent(Binning.self, forKey: .binning) ?? .quantile,
            thresholds: try c.decode([Double].self, forKey: .thresholds),
            tiers: try c.decode([Int].self, forKey: .tiers),
            probe: try c.decodeIfPresent(ProbeSettings.self, forKey: .probe) ?? .init(),
            model: try c.decodeIfPresent(DifficultyModel.self, forKey: .model) ?? .init(),
            earlyExit: try c.decodeIfPresent(EarlyExit.self, forKey: .earlyExit),
            bins: try c.decode([Bin].self, forKey: .bins),
            escalations: try c.decodeIfPresent([Escalation].self, forKey: .escalations) ?? [],
            source: try c.decodeIfPresent(String.self, forKey: .source))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(binning, forKey: .binning)
        try c.encode(thresholds, forKey: .thresholds)
        try c.encode(tiers, forKey: .tiers)
        try c.encode(probe, forKey: .probe)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(earlyExit, forKey: .earlyExit)
        try c.encode(bins, forKey: .bins)
        if !escalations.isEmpty { try c.encode(escalations, forKey: .escalations) }
    }

    /// Reads and checks a table file.
    public static func load(file: String) throws -> AllocationTable {
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8)
        } catch {
            throw AllocationTableError(file: file, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: file)
    }

    public static func parse(yaml: String, file: String) throws -> AllocationTable {
        let table: AllocationTable
        do {
            table = try YAMLDecoder().decode(AllocationTable.self, from: yaml)
        } catch let error as DecodingError {
            throw AllocationTableError(file: file, message: Self.describe(error))
        } catch {
            throw AllocationTableError(file: file, message: "not a valid table: \(error)")
        }
        if let problem = table.inconsistency { throw AllocationTableError(file: file, message: problem) }
        return table
    }

    public func yaml() throws -> String {
        try YAMLEncoder().encode(self)
    }

    /// What is wrong with the table, or nil when it hangs together.
    public var inconsistency: String? {
        if tiers.isEmpty { return "tiers: at least one tier is needed" }
        if tiers.contains(where: { $0 < 1 }) { return "tiers: every tier must be a positive whole number" }
        if zip(tiers, tiers.dropFirst()).contains(where: { $0 >= $1 }) { return "tiers: must be strictly ascending" }
        if zip(thresholds, thresholds.dropFirst()).contains(where: { $0 > $1 }) { return "thresholds: must be ascending" }
        if thresholds.contains(where: { !$0.isFinite }) { return "thresholds: must be finite numbers" }
        if bins.count != thresholds.count + 1 {
            return "bins: \(thresholds.count) thresholds make \(thresholds.count + 1) bins, but \(bins.count) are given"
        }
        for (offset, bin) in bins.enumerated() {
            if bin.index != offset + 1 { return "bins[\(offset)].bin: expected \(offset + 1), got \(bin.index)" }
            if bin.cells.map(\.tier) != tiers {
                return "bins[\(offset)].cells: need one cell per tier \(tiers), got tiers \(bin.cells.map(\.tier))"
            }
            if let cell = bin.cells.first(where: { $0.preset.isEmpty }) { return "bins[\(offset)]: the cell of tier \(cell.tier) names no preset" }
            if let cell = bin.cells.first(where: { $0.tokens.map { !$0.isFinite || $0 < 0 } ?? false }) {
                return "bins[\(offset)]: the cell of tier \(cell.tier) has tokens that are not a number from 0 up"
            }
        }
        if !(1...256).contains(probe.samples) { return "probe.samples: must be from 1 to 256" }
        if probe.maxTokens < 1 { return "probe.max_tokens: must be positive" }
        if !(0...2).contains(probe.temperature) { return "probe.temperature: must be from 0 to 2" }
        if let earlyExit, !(0...1).contains(earlyExit.agreement) { return "early_exit.agreement: must be from 0 to 1" }
        for (offset, escalation) in escalations.enumerated() {
            let at = "escalations[\(offset)]"
            if !tiers.contains(escalation.tier) { return "\(at).tier: \(escalation.tier) is not one of the tiers \(tiers)" }
            if escalations[..<offset].contains(where: { $0.tier == escalation.tier }) {
                return "\(at).tier: tier \(escalation.tier) has more than one escalation"
            }
            if !tiers.contains(escalation.fromTier) || escalation.fromTier >= escalation.tier {
                return "\(at).from_tier: must be one of the tiers below \(escalation.tier)"
            }
            if !escalation.below.isFinite || escalation.below < 0 { return "\(at).below: must be a number from 0 up" }
            if let rate = escalation.rate, !(0...1).contains(rate) { return "\(at).rate: must be from 0 to 1" }
            if let rounds = escalation.rounds, !(2...Escalation.maxRounds).contains(rounds) {
                return "\(at).rounds: must be from 2 to \(Escalation.maxRounds)"
            }
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "missing '\(key.stringValue)'\(at.isEmpty ? "" : " in \(at)")"
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context):
            return "\(path(context)): a value is missing"
        @unknown default:
            return "\(error)"
        }
    }
}

public struct AllocationTableError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String

    public var description: String { "\(file): \(message)" }
}
