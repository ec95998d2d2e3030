import Foundation
import Synchronization

/// Watches a child server's standard output for its `listening on http://HOST:PORT` line.
///
/// Reading goes on after the line is found: whatever the child prints later is passed to this process's
/// standard error, so the pipe never fills and blocks a child that talks a lot. A thread of its own does
/// blocking reads until the child closes its end: Foundation's `readabilityHandler` on Linux rides on a
/// dispatch source that crashed the process when the pipe went away under it.
final class ChildServerOutput: Sendable {
    private struct State {
        var text = ""
        var origin: String?
        var ended = false
    }

    private let state = Mutex(State())

    init(reading handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData  // blocks until data or end of file
                guard !data.isEmpty else { break }
                let forward = state.withLock { state -> Bool in
                    guard state.origin == nil else { return true }
                    state.text += String(decoding: data, as: UTF8.self)
                    state.origin = Self.listeningOrigin(in: state.text)
                    return false
                }
                if forward { FileHandle.standardError.write(data) }
            }
            state.withLock { $0.ended = true }
        }
        thread.name = "ponder-child-output"
        thread.start()
    }

    /// The announced origin (`http://HOST:PORT`), once the line is complete.
    var origin: String? { state.withLock(\.origin) }

    /// Whether the child closed its output.
    var ended: Bool { state.withLock(\.ended) }

    /// Everything read before the line was found, for an error message.
    var textSoFar: String { state.withLock(\.text) }

    /// The address after `listening on ` on a complete line of `text`, if there is one.
    static func listeningOrigin(in text: String) -> String? {
        guard let range = text.range(of: "listening on ") else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(of: "\n") else { return nil }
        let origin = rest[..<end].trimmingCharacters(in: .whitespaces)
        return origin.isEmpty ? nil : origin
    }
}
