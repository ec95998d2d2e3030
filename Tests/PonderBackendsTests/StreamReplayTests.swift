import Testing

@testable import PonderBackends

/// A retried stream hands its caller each piece once: a retry that repeats the delivered text is held
/// back until it passes it, whatever its chunking; one that says something else, or ends short, fails.
@Suite struct StreamReplayTests {
    static func delta(_ text: String, choice: Int = 0, finish: String? = nil) -> StreamDelta {
        StreamDelta(choiceIndex: choice, text: text, finishReason: finish, logprobs: nil)
    }

    /// Feeds `pieces` through `attempt` and returns what the caller would see.
    static func feed(_ attempt: StreamReplay.Attempt, _ pieces: [StreamDelta]) throws -> [StreamDelta] {
        try pieces.compactMap { try attempt.admit($0, endpoint: "e", replica: "r") }
    }

    @Test func aFirstAttemptPassesEveryPieceThroughAsItIs() throws {
        let replay = StreamReplay()
        let attempt = replay.attempt()
        let seen = try Self.feed(attempt, [Self.delta("Step 1: "), Self.delta("2 + 3 = 5"), Self.delta("", finish: "stop")])
        #expect(seen.map(\.text) == ["Step 1: ", "2 + 3 = 5", ""])
        #expect(seen.last?.finishReason == "stop")
        try attempt.finish(endpoint: "e", replica: "r")
    }

    @Test func aRetryHandsOnOnlyWhatFollowsTheDeliveredText() throws {
        let replay = StreamReplay()
        let first = replay.attempt()
        #expect(try Self.feed(first, [Self.delta("Step 1: 2 "), Self.delta("+ 3 = 5\n\n")]).map(\.text) == ["Step 1: 2 ", "+ 3 = 5\n\n"])
        // The first attempt broke off here. The retry chunks the same text differently, with an é
        // (two UTF-8 bytes) straddling nothing, and goes on past the break.
        let second = replay.attempt()
        let seen = try Self.feed(
            second,
            [Self.delta("Step 1:"), Self.delta(" 2 + 3 = 5\n"), Self.delta("\nStep 2: é"), Self.delta(" 5 × 2"), Self.delta("", finish: "stop")])
        #expect(seen.map(\.text) == ["Step 2: é", " 5 × 2", ""])
        #expect(seen.last?.finishReason == "stop")
        try second.finish(endpoint: "e", replica: "r")
        // A third attempt (say the usage chunk never came) repeats everything: nothing is new, not even the finish.
        let third = replay.attempt()
        #expect(try Self.feed(third, [Self.delta("Step 1: 2 + 3 = 5\n\nStep 2: é 5 × 2", finish: "stop")]).isEmpty)
        try third.finish(endpoint: "e", replica: "r")
    }

    @Test func choicesAreTrackedApart() throws {
        let replay = StreamReplay()
        _ = try Self.feed(replay.attempt(), [Self.delta("ab", choice: 0), Self.delta("xy", choice: 1)])
        let seen = try Self.feed(replay.attempt(), [Self.delta("abc", choice: 0), Self.delta("x", choice: 1), Self.delta("yz", choice: 1)])
        #expect(seen.map(\.text) == ["c", "z"] && seen.map(\.choiceIndex) == [0, 1])
    }

    @Test func aRetryThatDivergesOrEndsShortFails() throws {
        let replay = StreamReplay()
        _ = try Self.feed(replay.attempt(), [Self.delta("Step 1: 2 + 3 = 5")])
        #expect(throws: BackendError.self) { try Self.feed(replay.attempt(), [Self.delta("Step 1: 2 + 3 = 6 and on")]) }
        let short = replay.attempt()
        _ = try Self.feed(short, [Self.delta("Step 1: 2")])
        #expect(throws: BackendError.self) { try short.finish(endpoint: "e", replica: "r") }
        #expect(throws: BackendError.self) { try Self.feed(replay.attempt(), [Self.delta("Step 1", finish: "stop")]) }
    }
}
