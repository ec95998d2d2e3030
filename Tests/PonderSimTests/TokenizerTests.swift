import Testing

@testable import PonderSim

@Suite struct TokenizerTests {
    @Test func tokensFollowTheRules() {
        #expect(SimTokenizer.tokenize("Step 12: 3456 × 7") == ["Step", " 12", ":", " 345", "6", " ×", " 7"])
        #expect(SimTokenizer.tokenize("a\n\nb  \n") == ["a", "\n", "\n", "b", "  ", "\n"])
        #expect(SimTokenizer.tokenize("\\boxed{-5}.") == ["\\", "boxed", "{", "-", "5", "}", "."])
        #expect(SimTokenizer.count("") == 0)
    }

    @Test func tokensJoinBackToTheText() {
        let text = "Start with 17. Add 5.\n\nStep 1: 17 + 5 = 22 — done ✓ 日本 \t end  "
        #expect(SimTokenizer.tokenize(text).joined() == text)
        #expect(SimTokenizer.count(text) == SimTokenizer.tokenize(text).count)
    }

    @Test func blockHashesAreChainedPrefixHashes() {
        let base = String(repeating: "word ", count: 40)
        let a = SimTokenizer.blockHashes(base + "tail one")
        let b = SimTokenizer.blockHashes(base + "different tail that is long enough to fill more blocks here")
        #expect(a.tokenCount == 42)
        #expect(a.blocks.count == 2)
        #expect(Array(b.blocks.prefix(2)) == a.blocks, "a shared prefix shares its block hashes")
        let shifted = SimTokenizer.blockHashes("x" + base)
        #expect(shifted.blocks.first != a.blocks.first)
    }
}
