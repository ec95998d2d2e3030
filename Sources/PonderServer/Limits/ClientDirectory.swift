/// The API keys the daemon accepts and the account each belongs to. Empty: no key is required.
struct ClientDirectory: Sendable {
    private let accounts: [(key: [UInt8], account: ClientAccount)]

    init(_ entries: [(key: String, account: ClientAccount)]) {
        accounts = entries.map { (Array($0.key.utf8), $0.account) }
    }

    var requiresKey: Bool { !accounts.isEmpty }

    /// The account of an `Authorization: Bearer <key>` header; nil for any other value. The scheme's
    /// name is matched in any case (RFC 9110 §11.1: `bearer` is `Bearer`), and spaces may follow it.
    func account(authorization header: String?) -> ClientAccount? {
        guard let header else { return nil }
        // An ASCII letter differs from its capital in bit 0x20 only: the scheme is compared without a copy.
        let utf8 = header.utf8
        guard utf8.count > 7, utf8.prefix(6).elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }),
            utf8.dropFirst(6).first == UInt8(ascii: " ")
        else { return nil }
        let key = header.utf8.dropFirst(7).drop { $0 == UInt8(ascii: " ") }
        return account(for: Substring(key))
    }

    /// The account of `key`. Every configured key is compared in full, in time that does not depend on
    /// where the bytes first differ, so response timing does not reveal a key's prefix.
    func account(for key: Substring) -> ClientAccount? {
        let offered = Array(key.utf8)
        var found: ClientAccount?
        for entry in accounts where Self.constantTimeEqual(entry.key, offered) {
            found = entry.account
        }
        return found
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
