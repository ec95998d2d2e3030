import PonderBackends
import PonderCore
import PonderSim
import Synchronization
import Testing

/// A stream the upstream breaks off after some pieces (half the events then a stall cut by the idle
/// timeout, a body that breaks off mid-event, a trickle cut by the total timeout) is retried on the
/// other replica, and the caller sees every piece exactly once: the pieces it was handed join up to the
/// text a fault-free replica streams for the same seed.
@Suite struct StreamRetryTests {
    @Test(arguments: [SimFaultKind.stallMidStream, .malformed, .slowStream])
    func aStreamBrokenOffMidBodyResumesElsewhereWithoutRepeatingAPiece(fault: SimFaultKind) async throws {
        // Generous limits, so a loaded machine does not trip them on the healthy replica: the stall is cut
        // by the idle limit, the trickle (an event per 0.3 s) by the total after a few seconds of pieces.
        let faulty = SimConfiguration(faultRate: 1.0, faults: [fault], stallSeconds: 30, slowStreamInterval: 0.3)
        try await SimHarness.withSims([faulty, SimConfiguration()]) { sims in
            let reference = SimHarness.client([sims[1].baseURL])
            let client = SimHarness.client(sims.map(\.baseURL), timeouts: .init(firstByte: 5, idle: 1.5, total: 3))
            var brokenOff = 0
            for i in 0..<6 {
                let messages = [ChatMessage.user(SimHarness.problems[i].question)]
                let sampling = SamplingParameters(temperature: 0.8, seed: UInt64(i))
                let expected = try await reference.streamChat(messages, sampling: sampling) { _ in }
                let pieces = Mutex<[String]>([])
                let before = sims[0].stats().faults[fault.rawValue, default: 0]
                let generation = try await client.streamChat(messages, sampling: sampling) { delta in
                    pieces.withLock { $0.append(delta.text) }
                }
                let seen = pieces.withLock { $0.joined() }
                #expect(seen == expected.choices[0].text, "call \(i): the caller saw \(seen.count) characters, expected \(expected.choices[0].text.count)")
                #expect(generation.choices[0].text == expected.choices[0].text)
                if sims[0].stats().faults[fault.rawValue, default: 0] > before { brokenOff += 1 }
            }
            #expect(brokenOff >= 1, "no call met the fault")
        }
    }
}
