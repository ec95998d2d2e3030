import NIOHTTP1

extension HTTPHeaders {
    /// The value of the field `name` (matched ignoring case), its lines joined with ", " when it came
    /// more than once (RFC 9110, section 5.3), so two `Authorization` lines never pass as one key and
    /// two `X-Request-Id` lines never pass as one id. Nil when absent.
    func combinedValue(of name: String) -> String? {
        var combined: String?
        for (field, value) in self where Self.sameName(field, name) {
            combined = combined.map { $0 + ", " + value } ?? value
        }
        return combined
    }

    private static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }
}
