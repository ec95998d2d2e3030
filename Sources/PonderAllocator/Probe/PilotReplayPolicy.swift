import PonderCore
import Synchronization

/// Hands the probe's pilots to the planned search, so the compute spent on them is not thrown away.
///
/// A pilot is a whole solution sampled autoregressively from the empty prefix at the probe's
/// temperature, so for every prefix of it that ends at a step boundary, the rest of the pilot is a
/// sample of the policy's continuation of that prefix. The planned search's requests at that temperature
/// are served from the pilots before any backend call: a request to continue a prefix that a pilot starts
/// with takes the pilot's next step (cut where a server would cut at the stop sequence) or, with no stop,
/// the pilot's whole rest. Each (pilot, prefix) is served once, so served samples stay independent of each
/// other as fresh ones would be; whatever is still wanted goes to the backend. Served samples cost nothing
/// here: the probe paid for them.
public final class PilotReplayPolicy: Policy {
    private struct Pilot {
        var continuation: Continuation
        /// Byte offsets (prefix lengths) this pilot has already been served from.
        var servedOffsets: Set<Int> = []
    }

    private let inner: any Policy
    private let temperature: Double
    private let pilots: Mutex<[Pilot]>
    private let servedCount = Atomic<Int>(0)

    public init(inner: any Policy, pilots: [Continuation], settings: ProbeSettings) {
        self.inner = inner
        self.temperature = settings.temperature
        self.pilots = Mutex(pilots.map { Pilot(continuation: $0) })
    }

    /// Samples served from the pilots cost nothing here; the backend's price applies to the rest.
    public var tokenCost: TokenCost { inner.tokenCost }

    /// Samples the search took from the pilots.
    public var served: Int { servedCount.load(ordering: .relaxed) }

    public func complete(
        _ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters
    ) async throws -> PolicyOutput {
        let taken = abs((sampling.temperature ?? temperature) - temperature) < 1e-9
            ? take(upTo: n, prefix: prefix, stop: stop.filter { !$0.isEmpty }, maxTokens: sampling.maxTokens) : []
        guard taken.count < n else { return PolicyOutput(continuations: taken, usage: .zero) }
        let output = try await inner.complete(problem, prefix: prefix, n: n - taken.count, stop: stop, sampling: sampling)
        return PolicyOutput(continuations: taken + output.continuations, usage: output.usage)
    }

    private func take(upTo n: Int, prefix: String, stop: [String], maxTokens: Int?) -> [Continuation] {
        let offset = prefix.utf8.count
        let served = pilots.withLock { pilots -> [Continuation] in
            var served: [Continuation] = []
            for index in pilots.indices where served.count < n && !pilots[index].servedOffsets.contains(offset) {
                guard let continuation = Self.serve(pilots[index].continuation, after: prefix, stop: stop, maxTokens: maxTokens) else {
                    continue
                }
                pilots[index].servedOffsets.insert(offset)
                served.append(continuation)
            }
            return served
        }
        if !served.isEmpty { servedCount.add(served.count, ordering: .relaxed) }
        return served
    }

    /// The pilot's continuation of `prefix` as an answer to this request, or nil when it cannot stand in for one.
    static func serve(_ pilot: Continuation, after prefix: String, stop: [String], maxTokens: Int?) -> Continuation? {
        guard pilot.text.utf8.count > prefix.utf8.count, pilot.text.hasPrefix(prefix) else { return nil }
        let rest = pilot.text.utf8.dropFirst(prefix.utf8.count)
        let restText = String(Substring(rest))
        if let cut = stop.compactMap({ restText.firstRange(of: $0)?.lowerBound }).min() {
            let step = String(restText[..<cut])
            // A step longer than the request allows would have been cut at max_tokens by the server.
            if let maxTokens, step.utf8.count > maxTokens * 4 { return nil }
            return Continuation(text: step, finishReason: "stop", meanLogprob: pilot.meanLogprob)
        }
        // No stop sequence in the rest: it ends the solution, unless the probe cut it short.
        if pilot.wasTruncated { return nil }
        if let maxTokens, restText.utf8.count > maxTokens * 4 { return nil }
        return Continuation(text: restText, finishReason: pilot.finishReason, meanLogprob: pilot.meanLogprob)
    }
}
