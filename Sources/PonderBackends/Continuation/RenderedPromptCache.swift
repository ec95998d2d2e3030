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
        var hash = FNV1a()
        for message in messages {
            hash.add(message.role.utf8)
            hash.add(0)
            hash.add(message.content.utf8)
            hash.add(1)
        }
        return hash.value
    }
}
