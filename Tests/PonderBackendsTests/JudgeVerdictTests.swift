import Foundation
import PonderCore
import Testing

@testable import PonderBackends

@Suite struct JudgeVerdictTests {
    func token(_ chosen: String, _ alternatives: [(String, Double)]) -> TokenLogprob {
        TokenLogprob(
            token: chosen, logprob: alternatives.first { $0.0 == chosen }?.1 ?? -1,
            topLogprobs: alternatives.map { .init(token: $0.0, logprob: $0.1) })
    }

    @Test func bothSidesPresent() throws {
        let p = try #require(JudgeVerdict().probabilityOfYes(firstToken: token("Yes", [("Yes", log(0.6)), ("No", log(0.2)), ("Maybe", log(0.2))])))
        #expect(abs(p - 0.75) < 1e-9)
    }

    @Test func variantsOfYesAreSummed() throws {
        let p = try #require(JudgeVerdict().probabilityOfYes(
            firstToken: token(" yes", [(" yes", log(0.3)), ("Yes", log(0.3)), ("No", log(0.2))])))
        #expect(abs(p - 0.75) < 1e-9)
    }

    @Test func missingSideIsBoundedByTheSmallestReturnedLogprob() throws {
        let p = try #require(JudgeVerdict().probabilityOfYes(firstToken: token("Yes", [("Yes", log(0.9)), ("The", log(0.05))])))
        #expect(abs(p - 0.9 / 0.95) < 1e-9)
        #expect(p < 1)
    }

    @Test func plusMinusJudges() throws {
        let p = try #require(JudgeVerdict.plusMinus.probabilityOfYes(firstToken: token("-", [("-", log(0.8)), ("+", log(0.2))])))
        #expect(abs(p - 0.2) < 1e-9)
    }

    @Test func llamaCppShapeDecodesAndReads() throws {
        // llama.cpp answers in the chat logprobs shape, even on /v1/completions.
        let json = #"{"content":[{"id":7926,"token":"Yes","logprob":-0.105,"bytes":[89,101,115],"top_logprobs":[{"id":7926,"token":"Yes","logprob":-0.105,"bytes":[89,101,115]},{"id":2822,"token":"No","logprob":-2.303,"bytes":[78,111]}]}]}"#
        let payload = try JSONDecoder().decode(LogprobsPayload.self, from: Data(json.utf8))
        let p = try #require(JudgeVerdict().probabilityOfYes(firstToken: payload.tokens.first))
        #expect(abs(p - exp(-0.105) / (exp(-0.105) + exp(-2.303))) < 1e-9)
    }

    @Test func noLogprobsGivesNil() {
        #expect(JudgeVerdict().probabilityOfYes(firstToken: nil) == nil)
    }
}
