/// The faults the sim can inject into generation and scoring requests.
public enum SimFaultKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// HTTP 500 with an OpenAI error body.
    case serverError = "500"
    /// HTTP 429 without `Retry-After`.
    case rateLimited = "429"
    /// HTTP 429 with `Retry-After: <retry-after seconds>`.
    case rateLimitedRetryAfter = "429-retry-after"
    /// The connection is dropped (TCP reset) before any response byte is written.
    case reset
    /// HTTP 200 whose body is truncated, invalid JSON (or an SSE stream that breaks off mid-event).
    case malformed
    /// No response at all for `stall seconds`, then the normal one; a client that gives up ends the wait.
    case stall
    /// The body trickles out: a few bytes, or one SSE event, per `slow-stream interval`.
    case slowStream = "slow-stream"
    /// HTTP 200 and half the body (or half the SSE events), then nothing for `stall seconds`, then the rest;
    /// a client that gives up ends the wait.
    case stallMidStream = "stall-mid-stream"

    /// Parses a comma-separated list such as "500,429,reset"; `nil` names an unknown kind.
    public static func parseList(_ text: String) -> [SimFaultKind]? {
        var kinds: [SimFaultKind] = []
        for part in text.split(separator: ",") {
            let name = String(part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            if name.isEmpty { continue }
            if name == "all" {
                kinds.append(contentsOf: allCases)
                continue
            }
            guard let kind = SimFaultKind(rawValue: name) else { return nil }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }
}
