/// What may appear in an HTTP field's name and value (RFC 9110 §5.1, §5.5), checked on the requests the
/// lean client writes, the responses it reads and the requests the daemon reads.
public enum HTTPFieldSyntax {
    /// A name is a token: no separators, spaces or control characters.
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F...: false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"), UInt8(ascii: ","),
            UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="), UInt8(ascii: "{"), UInt8(ascii: "}"):
            false
        default: true
        }
    }

    /// A value holds no control character but tab: no bare CR or NUL, nothing that could split a line.
    public static func isValueByte(_ byte: UInt8) -> Bool {
        (byte >= 0x20 || byte == UInt8(ascii: "\t")) && byte != 0x7F
    }
}
