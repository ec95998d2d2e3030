import struct FoundationEssentials.Data
import class FoundationEssentials.JSONDecoder
import class Foundation.JSONSerialization
import class Foundation.NSError

/// Says why a body the JSON decoder refused without saying where was refused.
///
/// swift-foundation's `JSONDecoder` reports a number that does not fit its field (`"n": 1.5`,
/// `"seed": -1`, `"max_tokens": 9223372036854775808`) and a syntax error alike as "not valid JSON", with
/// no coding path and no position. On that path only, this finds the numeric field at fault, or else
/// quotes the parser's own account of the syntax error (`JSONSerialization` keeps the position).
enum DecodingDiagnosis {
    static func describe(_ data: Data) -> APIError {
        if let field = try? JSONDecoder().decode(NumberProbe.self, from: data).misfit {
            return .invalid("'\(field.path)' must be \(field.kind.expectation)", param: field.path)
        }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String
            return .invalid("The body is not valid JSON" + (detail.map { ": \(RequestDecoding.brief($0))" } ?? "."))
        }
        return .invalid("The body is JSON but not a request this route reads; see the OpenAI API reference for its fields.")
    }

    /// What a numeric field of the request types holds.
    enum Kind {
        case integer, unsigned, number

        var expectation: String {
            switch self {
            case .integer: "a whole number that fits in 64 bits"
            case .unsigned: "a whole number from 0 to 18446744073709551615"
            case .number: "a finite number"
            }
        }
    }

    /// The numeric fields of both request bodies, by where they are.
    static let topLevel: [String: Kind] = [
        "n": .integer, "max_tokens": .integer, "top_k": .integer, "top_logprobs": .integer, "logprobs": .integer,
        "temperature": .number, "top_p": .number, "min_p": .number, "seed": .unsigned,
    ]
    static let ponder: [String: Kind] = ["seed": .unsigned]
    static let budget: [String: Kind] = [
        "max_tokens_total": .integer, "max_completion_tokens": .integer, "max_calls": .integer, "deadline_ms": .integer,
        "max_cost": .number,
    ]

    /// Decodes each numeric field as its type, one at a time, to find the first that fails.
    private struct NumberProbe: Decodable {
        var misfit: (path: String, kind: Kind)?

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: AnyKey.self)
            misfit = Self.misfit(in: body, fields: topLevel, prefix: "")
            guard misfit == nil, let ponder = try? body.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("ponder")) else { return }
            misfit = Self.misfit(in: ponder, fields: DecodingDiagnosis.ponder, prefix: "ponder.")
            guard misfit == nil, let budget = try? ponder.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("budget")) else { return }
            misfit = Self.misfit(in: budget, fields: DecodingDiagnosis.budget, prefix: "ponder.budget.")
        }

        static func misfit(in container: KeyedDecodingContainer<AnyKey>, fields: [String: Kind], prefix: String) -> (String, Kind)? {
            for (name, kind) in fields.sorted(by: { $0.key < $1.key }) {
                let key = AnyKey(name)
                guard container.contains(key) else { continue }
                do {
                    _ = try container.decode(Double.self, forKey: key)
                } catch DecodingError.typeMismatch, DecodingError.valueNotFound {
                    continue  // not a number: the decoder names such a field itself
                } catch {
                    return (prefix + name, kind)  // a number no Double holds
                }
                let fits =
                    switch kind {
                    case .integer: (try? container.decode(Int.self, forKey: key)) != nil
                    case .unsigned: (try? container.decode(UInt64.self, forKey: key)) != nil
                    case .number: true
                    }
                if !fits { return (prefix + name, kind) }
            }
            return nil
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
