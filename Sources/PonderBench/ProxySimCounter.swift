import class FoundationEssentials.JSONDecoder
import struct FoundationEssentials.Data

/// How many generation requests the sim has answered, from its `GET /sim/stats`.
///
/// The load generator reads answers without looking at them (that is what keeps it thin), so this is
/// how a benchmark knows every request it sent reached the model and was answered: a daemon that
/// refused requests (HTTP 429) or a sim that rejected them (HTTP 400) would otherwise look fast.
/// It is read between stretches of load, with a one-off blocking GET (`LoopbackHTTP`), so it needs no
/// HTTP client of its own and adds nothing to the measured requests. The same counters give a proxy's
/// backend calls and tokens as the model saw them, whatever the proxy claims in its `usage`.
enum ProxySimCounter {
    /// The counters a benchmark needs from the sim.
    struct Counts: Sendable, Decodable {
        var requests: [String: Int]
        var rejected: Int
        /// Prompt tokens of generation requests (once per request, however many choices).
        var promptTokens: Int
        /// Completion tokens generated over all choices.
        var completionTokens: Int
        /// Requests being handled now, this counters request included.
        var inFlight: Int

        enum CodingKeys: String, CodingKey {
            case requests, rejected
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case inFlight = "in_flight"
        }

        init(requests: [String: Int], rejected: Int, promptTokens: Int = 0, completionTokens: Int = 0, inFlight: Int = 0) {
            self.requests = requests
            self.rejected = rejected
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.inFlight = inFlight
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            requests = try c.decode([String: Int].self, forKey: .requests)
            rejected = try c.decode(Int.self, forKey: .rejected)
            promptTokens = try c.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0
            completionTokens = try c.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0
            inFlight = try c.decodeIfPresent(Int.self, forKey: .inFlight) ?? 0
        }

        /// Chat and text completions received, rejected or not.
        var generationCalls: Int { (requests["/v1/chat/completions"] ?? 0) + (requests["/v1/completions"] ?? 0) }

        /// Chat and text completions received and not rejected.
        var answeredGenerations: Int { generationCalls - rejected }

        /// Calls to the scoring routes (the process reward model and the Q-value model).
        var scoringCalls: Int { (requests["/v1/score"] ?? 0) + (requests["/v1/qvalue"] ?? 0) }

        /// Model calls: generations (rejected ones too) and scorings. Not the sim's other routes (its model
        /// list, its counters), which a proxy may read now and then but which run no model.
        var backendCalls: Int { generationCalls + scoringCalls }

        /// Calls in flight other than the counters request that read this.
        var otherInFlight: Int { max(0, inFlight - 1) }
    }

    /// Several sims' counters, added up; nil if one cannot be read.
    static func read(origins: [String]) -> Counts? {
        var total: Counts?
        for origin in origins {
            guard let counts = read(origin: origin) else { return nil }
            total = total.map { $0 + counts } ?? counts
        }
        return total
    }

    /// The sim's counters now; nil if they cannot be read (then nothing is checked).
    static func read(origin: String) -> Counts? {
        guard let response = LoopbackHTTP.get(origin, path: "/sim/stats"), response.status == 200 else { return nil }
        return try? JSONDecoder().decode(Counts.self, from: Data(response.body.utf8))
    }
}
