import Glibc
import Logging

/// The daemon's log handler: one line per event on standard error, shaped like swift-log's
/// `StreamLogHandler` (`TIMESTAMP LEVEL LABEL: key=value … [SOURCE] MESSAGE`).
///
/// It differs where the daemon's hot path notices: metadata is rendered only when a line is written.
/// Hummingbird sets a request id on every request's logger, and `StreamLogHandler` re-renders all of
/// its metadata on every such set, even when nothing is logged at the daemon's default level.
struct DaemonLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    var metadataProvider: Logger.MetadataProvider?
    /// Where finished lines go: standard error unless a test listens.
    let output: @Sendable (String) -> Void

    init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        output: @escaping @Sendable (String) -> Void = DaemonLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = Self.timestamp() + " \(event.level) \(label):"
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, provided in provided } }
        if let own = event.metadata { merged.merge(own) { _, own in own } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        line += Self.render(merged)
        line += " [\(event.source)] \(event.message)\n"
        output(line)
    }

    /// `key=value` pairs sorted by key, each preceded by a space; empty for no metadata.
    static func render(_ metadata: Logger.Metadata) -> String {
        var text = ""
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { text += " \(key)=\(value)" }
        return text
    }

    /// Local time to the second with its UTC offset, as `StreamLogHandler` writes it.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [Int8](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One `write(2)` per line where the line fits, so lines from several threads do not interleave.
    static func standardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
