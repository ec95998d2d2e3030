import PonderCore

/// Minimal JSON string quoting for hand-written JSON lines.
enum JSONText {
    static func quote(_ text: String) -> String { JSONStringLiteral.quote(text) }
}
