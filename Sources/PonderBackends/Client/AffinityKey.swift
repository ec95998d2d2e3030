import PonderCore
/// A hash of a prompt's first bytes: requests that share it are likely to share a cached prefix.
///
/// 256 bytes cover a system prompt and the start of a question, which is what step-level search
/// repeats across its expansions. FNV-1a: stable across processes, cheap, no allocation.
enum AffinityKey {
    static let prefixBytes = 256

    static func of(_ text: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(text.utf8.prefix(prefixBytes))
        return hash.value
    }

    static func of(_ messages: [ChatMessage]) -> UInt64 {
        var hash = FNV1a()
        var remaining = prefixBytes
        for message in messages where remaining > 0 {
            let bytes = message.content.utf8.prefix(remaining)
            hash.add(bytes)
            remaining -= bytes.count
        }
        return hash.value
    }
}
