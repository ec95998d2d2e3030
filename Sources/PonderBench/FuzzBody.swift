/// A JSON object body as ordered `(key, value)` pairs, each value JSON text, so mutations can replace,
/// duplicate or drop a field and the result can still be written out — or written out wrong.
struct FuzzBody: Sendable {
    var fields: [(String, String)]

    /// Replaces the field's value, or adds the field.
    mutating func set(_ key: String, _ value: String) {
        if let index = fields.firstIndex(where: { $0.0 == key }) {
            fields[index].1 = value
        } else {
            fields.append((key, value))
        }
    }

    mutating func replaceRandomValue(with value: String, _ random: inout FuzzRandom) {
        guard !fields.isEmpty else { return }
        fields[random.int(0...(fields.count - 1))].1 = value
    }

    mutating func removeRandomField(_ random: inout FuzzRandom) {
        guard !fields.isEmpty else { return }
        fields.remove(at: random.int(0...(fields.count - 1)))
    }

    /// The object's JSON text, with whitespace between tokens sometimes.
    func render(_ random: inout FuzzRandom) -> String {
        let space = random.chance(0.2) ? random.pick([" ", "\n", "\t", " \r\n "]) : ""
        let members = fields.map { FuzzJSON.quote($0.0) + space + ":" + space + $0.1 }
        return "{" + space + members.joined(separator: "," + space) + space + "}"
    }
}
