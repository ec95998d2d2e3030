import PonderCore
import Synchronization

/// Serves a request for `n` choices from an endpoint that accepts fewer per request.
///
/// Some servers reject `n > 1` or cap it (llama.cpp answers HTTP 400 above its slot count); others
/// quietly return fewer choices. The first time that happens the cap is learned — by halving `n` until
/// a request succeeds, or from the number of choices returned — and from then on requests are split
/// into parts of at most the cap, sent concurrently, and merged in order. A cap is learned only from a
/// request that then succeeded, so a request that is bad for another reason does not shrink it. Part
/// `k` starting at choice `o` gets seed `seed + o`, so a seeded request stays reproducible.
final class ChoiceSplitter: Sendable {
    let configuredMaxN: Int?
    private let learnedMaxN = Atomic<Int>(0)

    init(configuredMaxN: Int?) {
        self.configuredMaxN = configuredMaxN.map { max(1, $0) }
    }

    /// The cap in force: configured, else learned, else nil (unknown).
    var cap: Int? {
        if let configuredMaxN { return configuredMaxN }
        let learned = learnedMaxN.load(ordering: .relaxed)
        return learned > 0 ? learned : nil
    }

    /// `partLimit` caps the parts further for this call (one choice per request where the server's
    /// usage would count only one of several); it is not learned. `sendEach`, when given, makes a split
    /// into parts of one choice each in one go (one seed per part), rather than a task per part.
    ///
    /// Splitting, topping up a short answer and recovering from a refused `n` run out of line, so the
    /// frame of the usual path (one call) does not hold their state; a split's parts of more than one
    /// choice call this again, each in a task of its own.
    @inline(never)
    func generate(
        n: Int, seed: UInt64?, partLimit: Int? = nil, sendEach: SendEach? = nil,
        send: @escaping @Sendable (_ n: Int, _ seed: UInt64?) async throws -> Generation
    ) async throws -> Generation {
        if let limit = Self.smaller(cap, partLimit), n > limit {
            return try await split(n: n, partSize: limit, seed: seed, sendEach: sendEach, send: send)
        }
        do {
            let result = try await send(n, seed)
            let got = result.choices.count
            if n > 1, got > 0, got < n { return try await topUp(result, n: n, seed: seed, sendEach: sendEach, send: send) }
            return result
        } catch let error as BackendError where n > 1 && configuredMaxN == nil && (error.status == 400 || error.status == 422) {
            return try await retryInHalves(n: n, seed: seed, sendEach: sendEach, send: send)
        }
    }

    /// Makes one single-choice request per seed given, side by side, and returns their generations in order.
    typealias SendEach = @Sendable (_ seeds: [UInt64?]) async throws -> [Generation]

    /// The server returned fewer choices than asked: its cap is learned and the rest asked for.
    @inline(never)
    private func topUp(
        _ partial: Generation, n: Int, seed: UInt64?, sendEach: SendEach?,
        send: @escaping @Sendable (Int, UInt64?) async throws -> Generation
    ) async throws -> Generation {
        var result = partial
        let got = result.choices.count
        learn(got)
        let rest = try await generate(n: n - got, seed: seed.map { $0 &+ UInt64(got) }, sendEach: sendEach, send: send)
        result.choices += rest.choices
        result.usage += rest.usage
        return result
    }

    /// The server refused `n`: asked again in two halves, and the half that worked is learned as the cap.
    @inline(never)
    private func retryInHalves(
        n: Int, seed: UInt64?, sendEach: SendEach?, send: @escaping @Sendable (Int, UInt64?) async throws -> Generation
    ) async throws -> Generation {
        let half = (n + 1) / 2
        let result = try await split(n: n, partSize: half, seed: seed, sendEach: sendEach, send: send)
        learn(half)
        return result
    }

    /// The smaller of two optional limits (nil: no limit), without building a collection per call.
    private static func smaller(_ a: Int?, _ b: Int?) -> Int? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    @inline(never)
    private func split(
        n: Int, partSize: Int, seed: UInt64?, sendEach: SendEach?, send: @escaping @Sendable (Int, UInt64?) async throws -> Generation
    ) async throws -> Generation {
        let starts = Array(stride(from: 0, to: n, by: partSize))
        let parts: [Generation]
        if partSize == 1, let sendEach {
            parts = try await sendEach(starts.map { start in seed.map { $0 &+ UInt64(start) } })
        } else {
            parts = try await inParallel(count: starts.count) { part in
                let start = starts[part]
                let size = min(partSize, n - start)
                let partSeed = seed.map { $0 &+ UInt64(start) }
                // A part of one choice is just a call (nothing to top up or halve), made straight from the
                // part's task so its stack of async frames stays small.
                return try await size == 1 ? send(1, partSeed) : self.generate(n: size, seed: partSeed, sendEach: sendEach, send: send)
            }
        }
        var merged = Generation(choices: [], usage: .zero)
        merged.choices.reserveCapacity(n)
        for part in parts {
            merged.choices += part.choices
            merged.usage += part.usage
        }
        return merged
    }

    private func learn(_ value: Int) {
        var current = learnedMaxN.load(ordering: .relaxed)
        while current == 0 || value < current {
            let (exchanged, actual) = learnedMaxN.compareExchange(expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = actual
        }
    }
}
