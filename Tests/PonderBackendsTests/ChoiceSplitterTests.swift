import PonderCore
import Synchronization
import Testing

@testable import PonderBackends

/// A pretend server that accepts at most `cap` choices per request, the way llama.cpp caps `n`.
private final class CappedServer: Sendable {
    let cap: Int
    let rejects: Bool
    let requests = Mutex<[(n: Int, seed: UInt64?)]>([])

    init(cap: Int, rejects: Bool) {
        self.cap = cap
        self.rejects = rejects
    }

    func send(n: Int, seed: UInt64?) throws -> Generation {
        requests.withLock { $0.append((n, seed)) }
        if n > cap {
            if rejects {
                throw BackendError.http(endpoint: "e", replica: "r", status: 400, message: "n too large", retryAfterSeconds: nil)
            }
            return make(count: cap, seed: seed)
        }
        return make(count: n, seed: seed)
    }

    private func make(count: Int, seed: UInt64?) -> Generation {
        let base = seed ?? 0
        return Generation(
            choices: (0..<count).map { GeneratedText(text: "s\(base + UInt64($0))", finishReason: "stop") },
            usage: Usage(promptTokens: 10, completionTokens: 3 * count, calls: 1))
    }
}

@Suite struct ChoiceSplitterTests {
    @Test func learnsTheCapFromRejectionsAndSplits() async throws {
        let server = CappedServer(cap: 3, rejects: true)
        let splitter = ChoiceSplitter(configuredMaxN: nil)
        let result = try await splitter.generate(n: 8, seed: 100) { n, seed in try server.send(n: n, seed: seed) }
        #expect(result.choices.count == 8)
        #expect(result.choices.map(\.text) == (100..<108).map { "s\($0)" }, "seeds follow choice offsets, in order")
        #expect(result.usage.completionTokens == 24)
        #expect(splitter.cap == 2, "halving 8 → 4 → 2 settles on a size the server accepts")

        let before = server.requests.withLock { $0.count }
        let again = try await splitter.generate(n: 6, seed: nil) { n, seed in try server.send(n: n, seed: seed) }
        #expect(again.choices.count == 6)
        #expect(server.requests.withLock { $0.count } - before == 3, "once learned, no request is rejected")
    }

    @Test func learnsTheCapFromShortAnswers() async throws {
        let server = CappedServer(cap: 4, rejects: false)
        let splitter = ChoiceSplitter(configuredMaxN: nil)
        let result = try await splitter.generate(n: 10, seed: 0) { n, seed in try server.send(n: n, seed: seed) }
        #expect(result.choices.count == 10)
        #expect(Set(result.choices.map(\.text)).count == 10, "no duplicate samples from repeated seeds")
        #expect(splitter.cap == 4)
    }

    @Test func configuredCapSplitsUpFront() async throws {
        let server = CappedServer(cap: 2, rejects: true)
        let splitter = ChoiceSplitter(configuredMaxN: 2)
        let result = try await splitter.generate(n: 5, seed: 7) { n, seed in try server.send(n: n, seed: seed) }
        #expect(result.choices.count == 5)
        #expect(server.requests.withLock { $0.map(\.n).sorted() } == [1, 2, 2])
        #expect(result.usage.calls == 3)
    }

    @Test func partsOfOneChoiceEachKeepTheirSeedAndOrder() async throws {
        let server = CappedServer(cap: 1, rejects: true)
        let splitter = ChoiceSplitter(configuredMaxN: 1)
        let result = try await splitter.generate(n: 4, seed: 10) { n, seed in try server.send(n: n, seed: seed) }
        #expect(result.choices.map(\.text) == ["s10", "s11", "s12", "s13"])
        #expect(server.requests.withLock { $0.map(\.n) } == [1, 1, 1, 1])
        #expect(server.requests.withLock { $0.compactMap(\.seed).sorted() } == [10, 11, 12, 13])
        #expect(result.usage.calls == 4)
    }

    @Test func aBadRequestStillFailsAndTeachesNothing() async throws {
        let splitter = ChoiceSplitter(configuredMaxN: nil)
        await #expect(throws: BackendError.self) {
            _ = try await splitter.generate(n: 4, seed: nil) { _, _ in
                throw BackendError.http(endpoint: "e", replica: "r", status: 400, message: "bad temperature", retryAfterSeconds: nil)
            }
        }
        #expect(splitter.cap == nil)
    }
}
