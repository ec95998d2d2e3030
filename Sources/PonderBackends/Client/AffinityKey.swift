import PonderCore
/// A hash of a prompt's first bytes: requests that share it are likely to share a cached prefix.
///
/// 256 bytes cover a system prompt and the start of a question, which is what step-level search
/// repeats across its expansions. FNV-1a: stable across processes, cheap, no allocation.
enum AffinityKey {
    static let prefixBytes = 256

    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var remaining = prefixBytes
        for byte in text.utf8 {
            guard remaining > 0 else { break }
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            remaining -= 1
        }
        return hash
    }

    static func of(_ messages: [ChatMessage]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var remaining = prefixBytes
        outer: for message in messages {
            for byte in message.content.utf8 {
                guard remaining > 0 else { break outer }
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                remaining -= 1
            }
        }
        return hash
    }
}
