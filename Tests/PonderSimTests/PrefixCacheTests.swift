import Testing

@testable import PonderSim

@Suite struct PrefixCacheTests {
    @Test func repeatedPrefixesHitAndTheLastTokenIsAlwaysComputed() {
        var cache = PrefixCache(capacity: 100)
        let text = String(repeating: "token ", count: 63) + "token"  // 64 tokens: 4 full blocks
        let (count, blocks) = SimTokenizer.blockHashes(text)
        #expect(cache.admit(tokenCount: count, blocks: blocks) == 0)
        #expect(cache.admit(tokenCount: count, blocks: blocks) == 48, "the last block holds the last token")
        let (longer, longerBlocks) = SimTokenizer.blockHashes(text + String(repeating: " more", count: 20))
        #expect(cache.admit(tokenCount: longer, blocks: longerBlocks) == 64)
    }

    @Test func leastRecentlyUsedBlocksAreEvicted() {
        var cache = PrefixCache(capacity: 4)
        let a: [UInt64] = [1, 2, 3]
        let b: [UInt64] = [10, 11]
        _ = cache.admit(tokenCount: 100, blocks: a)
        _ = cache.admit(tokenCount: 100, blocks: b)  // evicts block 1
        #expect(cache.count == 4)
        #expect(cache.admit(tokenCount: 100, blocks: a) == 0, "the first block of a is gone")
        #expect(cache.admit(tokenCount: 100, blocks: a) == 48)
    }
}
