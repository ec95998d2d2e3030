import PonderCore
import Synchronization

/// Conversations already rendered into prompt text by the server's chat template, so each step of a
/// search costs one generation call, not a template call too. Bounded: when full it starts over.
final class RenderedPromptCache: Sendable {
    private struct Entry {
        var messages: [ChatMessage]
        var prompt: String
    }

    let capacity: Int
    private let entries = Mutex<[UInt64: Entry]>([:])

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func prompt(for messages: [ChatMessage]) -> String? {
        let key = Self.key(messages)
        return entries.withLock { entries in
            guard let entry = entries[key], entry.messages == messages else { return nil }
            return entry.prompt
        }
    }

    func store(_ prompt: String, for messages: [ChatMessage]) {
        let key = Self.key(messages)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(messages: messages, prompt: prompt)
        }
    }

    var count: Int { entries.withLock { $0.count } }

    /// FNV-1a over every role and content byte, with separators so ("ab","c") ≠ ("a","bc").
    static func key(_ messages: [ChatMessage]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for message in messages {
            for byte in message.role.utf8 { mix(byte) }
            mix(0)
            for byte in message.content.utf8 { mix(byte) }
            mix(1)
        }
        return hash
    }
}
