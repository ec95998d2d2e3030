import Foundation
import Testing

@testable import PonderBackends

@Suite struct VLLMPoolingTests {
    /// A recorded `/pooling` answer for a two-step solution; token ids as `/tokenize` gave them, with the
    /// step tag `<extra_0>` (id 151651) at positions 3 and 6.
    let tokenIDs = [151644, 8948, 198, 151651, 1207, 220, 151651, 151645]

    @Test func scoresAreTheClassOneProbabilitiesAtTheStepTags() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/vllm-pooling-qwen-prm.json")
        let response = try JSONDecoder().decode(VLLMPoolingPRMScorer.PoolingResponse.self, from: Data(contentsOf: url))
        let scores = VLLMPoolingPRMScorer.stepScores(
            tokenIDs: tokenIDs, probabilities: response.data[0].data, tagID: 151651)
        #expect(scores == [0.97, 0.19])
    }

    @Test func stepPoolerRowsAreTakenAsTheyCome() {
        let scores = VLLMPoolingPRMScorer.stepScores(tokenIDs: tokenIDs, probabilities: [[0.1, 0.9], [0.7, 0.3]], tagID: 151651)
        #expect(scores == [0.9, 0.3])
    }
}
