import HTTPTypes
import Logging
import NIOHTTP1
import PonderCore
import Synchronization

/// Gives every request an id — the client's `X-Request-Id` when it is a sane token, else a fresh one —
/// which the response returns in its `X-Request-Id` header and the search uses as its trace id; once
/// the response is made, logs one structured line and records the request metrics.
///
/// The line names the route (as the metrics do: `other` for unknown paths), not the raw path, which
/// is the client's text and may hold anything, a key included.
struct RequestLog: Sendable {
    let metrics: ServerMetrics
    let logger: Logger
    /// A client id that contains a key is replaced: the id is logged, echoed and names the trace.
    let redactor: SecretRedactor

    static let header = "X-Request-Id"
    static let headerField = HTTPField.Name(header)!

    /// The id the request goes by.
    func id(for headers: HTTPHeaders) -> String {
        Self.acceptable(headers.combinedValue(of: Self.header)).flatMap { redactor.containsSecret($0) ? nil : $0 } ?? Self.freshID()
    }

    /// Records an answered request: its metrics always, its line when the level lets it through (at the
    /// default level most requests log nothing, and the line is then never built).
    func answered(
        id: String, method: HTTPMethod, route: String, status: Int, strategy: String?, client: String?, failure: String? = nil,
        elapsed: Duration
    ) {
        metrics.request(route: route, status: status, strategy: strategy, duration: elapsed)
        let level: Logger.Level = status >= 500 ? .warning : .info
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "request_id": .string(id), "method": .string(Self.methodLabel(method)), "path": .string(route),
            "status": .stringConvertible(status), "duration_ms": .stringConvertible(elapsed.inMilliseconds.rounded()),
        ]
        if let strategy { metadata["strategy"] = .string(strategy) }
        if let client { metadata["client"] = .string(client) }
        if let failure { metadata["error"] = .string(redactor.redact(failure)) }
        logger.log(level: level, "request", metadata: metadata)
    }

    /// A client-supplied id is kept only if it is 1–64 characters of letters, digits, `-`, `_` and `.`,
    /// so it cannot inject anything into logs or headers.
    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...64).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            })
        else { return nil }
        return value
    }

    private static let idCounter = Atomic<UInt64>(0)
    private static let idSecret = (UInt64.random(in: 0...UInt64.max), UInt64.random(in: 0...UInt64.max))

    /// The standard methods by name; any other token (a client may send anything) as `other`.
    static func methodLabel(_ method: HTTPMethod) -> String {
        switch method {
        case .GET, .HEAD, .POST, .PUT, .DELETE, .CONNECT, .OPTIONS, .TRACE, .PATCH: method.rawValue
        default: "other"
        }
    }

    /// `req-` and 16 hex digits, written in place (one string, no intermediates). The digits are a keyed
    /// hash (SipHash, which `Hasher` seeds at random per process) of a secret drawn once and a counter:
    /// as unguessable as random digits, since the id also names the request's trace, without a
    /// `getrandom` call per request. The secret keeps them so when `SWIFT_DETERMINISTIC_HASHING` fixes
    /// the hash seed.
    static func freshID() -> String {
        var hasher = Hasher()
        hasher.combine(idSecret.0)
        hasher.combine(idSecret.1)
        hasher.combine(idCounter.wrappingAdd(1, ordering: .relaxed).oldValue)
        let value = UInt64(bitPattern: Int64(hasher.finalize()))
        return String(unsafeUninitializedCapacity: 20) { bytes in
            for (index, byte) in "req-".utf8.enumerated() { bytes[index] = byte }
            for digit in 0..<16 {
                let nibble = UInt8((value >> UInt64(60 - 4 * digit)) & 0xF)
                bytes[4 + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 20
        }
    }
}
