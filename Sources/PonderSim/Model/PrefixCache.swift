/// An automatic prefix cache in the manner of vLLM: prompt tokens in blocks of 16, each block keyed by a
/// hash chained over all tokens before it, kept in a bounded LRU.
///
/// The cached tokens of a prompt are the tokens of its leading full blocks already in the cache; as in
/// vLLM at least the last prompt token is always computed, so a prompt never counts as wholly cached.
/// Not thread-safe by itself; the server keeps it behind a mutex.
public struct PrefixCache: Sendable {
    public let capacity: Int
    public let blockSize: Int

    private var slots: [UInt64: Int32] = [:]
    private var keys: [UInt64] = []
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var head: Int32 = -1
    private var tail: Int32 = -1

    public init(capacity: Int = 200_000, blockSize: Int = 16) {
        self.capacity = max(1, capacity)
        self.blockSize = blockSize
    }

    public var count: Int { keys.count }

    /// Looks up the leading blocks of a prompt of `tokenCount` tokens with the chained block hashes
    /// `blocks`, then records all its blocks as recently used. Returns the number of cached tokens.
    public mutating func admit(tokenCount: Int, blocks: [UInt64]) -> Int {
        let countable = tokenCount > 0 ? (tokenCount - 1) / blockSize : 0
        var hits = 0
        while hits < min(countable, blocks.count), slots[blocks[hits]] != nil { hits += 1 }
        for block in blocks { touch(block) }
        return hits * blockSize
    }

    private mutating func touch(_ key: UInt64) {
        if let slot = slots[key] {
            moveToFront(slot)
            return
        }
        let slot: Int32
        if keys.count < capacity {
            slot = Int32(keys.count)
            keys.append(key)
            previous.append(-1)
            next.append(-1)
        } else {
            slot = tail
            unlink(slot)
            slots[keys[Int(slot)]] = nil
            keys[Int(slot)] = key
        }
        slots[key] = slot
        linkFront(slot)
    }

    private mutating func moveToFront(_ slot: Int32) {
        guard slot != head else { return }
        unlink(slot)
        linkFront(slot)
    }

    private mutating func unlink(_ slot: Int32) {
        let p = previous[Int(slot)]
        let n = next[Int(slot)]
        if p >= 0 { next[Int(p)] = n } else { head = n }
        if n >= 0 { previous[Int(n)] = p } else { tail = p }
        previous[Int(slot)] = -1
        next[Int(slot)] = -1
    }

    private mutating func linkFront(_ slot: Int32) {
        previous[Int(slot)] = -1
        next[Int(slot)] = head
        if head >= 0 { previous[Int(head)] = slot }
        head = slot
        if tail < 0 { tail = slot }
    }
}
