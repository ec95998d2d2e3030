/// The few header fields that frame or route an HTTP/1.x message, read from their bytes without making strings.
public enum HTTP1HeaderValue {
    public enum Name {
        case contentLength, transferEncoding, connection, host, other

        public init(_ name: UnsafeRawBufferPointer) {
            if Self.equalsIgnoringCase(name, "content-length") {
                self = .contentLength
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") {
                self = .transferEncoding
            } else if Self.equalsIgnoringCase(name, "connection") {
                self = .connection
            } else if Self.equalsIgnoringCase(name, "host") {
                self = .host
            } else {
                self = .other
            }
        }

        public static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
            guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
            let expected = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                if lowered != expected[index] { return false }
            }
            return true
        }
    }

    public enum Coding: Equatable { case chunked, other }

    /// A length is digits, or a list of one length repeated (RFC 9110 §8.6); anything else is refused.
    public static func contentLength(_ value: UnsafeRawBufferPointer) throws(HTTP1SyntaxError) -> Int {
        var length: Int?
        var malformed = false
        var conflicting = false
        HTTP1HeaderLines.forEachElement(of: value) { element in
            // Eighteen digits is beyond any body; stopping there keeps the arithmetic from overflowing.
            guard !element.isEmpty, element.count <= 18, element.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                malformed = true
                return
            }
            let number = element.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if let length, length != number { conflicting = true }
            length = number
        }
        guard !malformed, let length else { throw HTTP1SyntaxError("a malformed Content-Length") }
        guard !conflicting else { throw HTTP1SyntaxError("two different Content-Length values") }
        return length
    }

    /// Whether the last transfer coding listed is `chunked` (only then is the body chunked, RFC 9112 §6.3).
    public static func lastCoding(_ value: UnsafeRawBufferPointer) throws(HTTP1SyntaxError) -> Coding {
        var last = Coding.other
        try forEachCoding(of: value) { last = $0 }
        return last
    }

    /// Each transfer coding a `Transfer-Encoding` value lists, in order. A coding is a token, optionally
    /// with parameters after `;`: words separated by spaces, or a value listing none, are refused.
    public static func forEachCoding(of value: UnsafeRawBufferPointer, _ body: (Coding) -> Void) throws(HTTP1SyntaxError) {
        var count = 0
        var malformed = false
        HTTP1HeaderLines.forEachElement(of: value) { element in
            guard !element.isEmpty else { return }
            var coding = element
            let semicolon = coding.firstIndex(of: UInt8(ascii: ";"))
            if let semicolon { coding = HTTP1HeaderLines.trimmed(UnsafeRawBufferPointer(rebasing: coding[..<semicolon])) }
            guard !coding.isEmpty, !coding.contains(UInt8(ascii: " ")), !coding.contains(UInt8(ascii: "\t")) else {
                malformed = true
                return
            }
            count += 1
            // `chunked` takes no parameters: with some, it is a coding of another name (as llhttp reads it).
            body(semicolon == nil && Name.equalsIgnoringCase(coding, "chunked") ? .chunked : .other)
        }
        guard !malformed, count > 0 else { throw HTTP1SyntaxError("a malformed Transfer-Encoding") }
    }

    /// The `close` and `keep-alive` options of every `Connection` field.
    public struct ConnectionTokens {
        public var close = false
        public var keepAlive = false

        public init() {}

        public mutating func add(_ value: UnsafeRawBufferPointer) {
            HTTP1HeaderLines.forEachElement(of: value) { token in
                if Name.equalsIgnoringCase(token, "close") { close = true }
                if Name.equalsIgnoringCase(token, "keep-alive") { keepAlive = true }
            }
        }
    }
}
