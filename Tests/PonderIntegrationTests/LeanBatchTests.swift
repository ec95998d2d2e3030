import NIOCore
@testable import PonderBackends
import Testing

/// Calls started together and awaited by one task (`LeanBatch`), against the counting server.
@Suite struct LeanBatchTests {
    @Test func everySlotGetsItsOwnAnswerAndTheBatchIsFreedAfterwards() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            let route = try client.route(method: .POST, url: LeanURL(server.baseURL + "/slow?ms=250")!, headers: ["Content-Type": "application/json"])
            weak var released: LeanBatch?
            do {
                let batch = LeanBatch(capacity: 6)
                released = batch
                for slot in 0..<6 {
                    client.start(route, body: Array("call \(slot)".utf8), deadline: .now() + .seconds(10), in: batch, slot: slot)
                }
                var answers = [String?](repeating: nil, count: 6)
                var done = false
                var wakes = 0
                while !done {
                    let next = await batch.next()
                    wakes += 1
                    done = next.done
                    for call in next.finished {
                        #expect(answers[call.slot] == nil, "slot \(call.slot) finished twice")
                        answers[call.slot] = try String(buffer: call.result.get().body)
                    }
                }
                #expect(answers == (0..<6).map { "call \($0)" })
                #expect(wakes <= 6)
            }
            #expect(released == nil, "no cycle between the batch and its exchanges")
            #expect(server.maxInFlight >= 4, "side by side: \(server.maxInFlight)")
            await client.shutdown()
        }
    }

    @Test func cancellingTheWaitingTaskFailsEveryCallWithCancellation() async throws {
        try await CountingServer.with { server in
            let client = LeanHTTPClient()
            let route = try client.route(method: .GET, url: LeanURL(server.baseURL + "/stall")!, headers: [:])
            let batch = LeanBatch(capacity: 4)
            for slot in 0..<4 {
                client.start(route, body: [], deadline: .now() + .seconds(30), in: batch, slot: slot)
            }
            try await server.waitUntil { $0.inFlight == 4 }
            let waiter = Task {
                var errors: [any Error] = []
                var done = false
                while !done {
                    let next = await batch.next()
                    done = next.done
                    for call in next.finished {
                        if case .failure(let error) = call.result { errors.append(error) }
                    }
                }
                return errors
            }
            waiter.cancel()
            let errors = await waiter.value
            #expect(errors.count == 4)
            #expect(errors.allSatisfy { $0 is CancellationError })
            await client.shutdown()
        }
    }

    @Test func aCallThatCannotBeSentFailsInItsSlotAndAnEmptyBatchIsDone() async throws {
        let batch = LeanBatch(capacity: 1)
        let empty = await batch.next()
        #expect(empty.finished.isEmpty && empty.done)
        batch.fail(slot: 0, with: LeanHTTPError.invalidHeader(name: "X-Bad"))
        let next = await batch.next()
        #expect(next.done)
        #expect(next.finished.map(\.slot) == [0])
        #expect(throws: LeanHTTPError.self) { try next.finished[0].result.get() }
    }
}
