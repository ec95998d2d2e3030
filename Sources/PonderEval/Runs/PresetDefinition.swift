import PonderAllocator
import PonderEngine
import PonderStrategies

/// A preset's full definition as canonical JSON (sorted keys), stored with a run so that a resume with
/// an edited preset file is caught, and so the run says exactly what it ran.
enum PresetDefinition {
    /// `table`: an `auto` preset's allocation table, part of what the run ran.
    static func json(_ preset: StrategyPreset, table: AllocationTable? = nil) throws -> String {
        var definition = Definition(preset)
        definition.allocationTable = table
        return try StoreCoding.json(definition)
    }

    private struct Definition: Encodable {
        var kind: String
        var parameters: [String: Parameter]
        var prompt: String
        var stepDelimiter: String
        var verifier: String?
        var stepVerifier: String?
        var allocationTable: AllocationTable?

        init(_ preset: StrategyPreset) {
            kind = preset.kind
            parameters = preset.parameters.values.mapValues(Parameter.init)
            prompt = preset.prompt
            stepDelimiter = preset.stepDelimiter
            verifier = preset.verifier.map { "\($0)" }
            stepVerifier = preset.stepVerifier?.rawValue
        }

        enum CodingKeys: String, CodingKey {
            case kind, parameters, prompt, verifier
            case stepVerifier = "step_verifier"
            case stepDelimiter = "step_delimiter"
            case allocationTable = "allocation_table"
        }
    }

    private struct Parameter: Encodable {
        var value: StrategyParameters.Value

        init(_ value: StrategyParameters.Value) {
            self.value = value
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .int(let v): try container.encode(v)
            case .double(let v): try container.encode(v)
            case .bool(let v): try container.encode(v)
            case .string(let v): try container.encode(v)
            }
        }
    }
}
