import PonderCore

/// Random JSON text, written by hand so it can also be wrong on purpose: values of every type at
/// random depth, and the literals a parser and a decoder must survive (numbers past every integer
/// width or past Double, NaN-like strings, lone surrogates, control escapes, invalid UTF-8).
enum FuzzJSON {
    /// Number literals at and past the edges that matter: integer widths, Double's range, and the
    /// daemon's default limits (16, 128, 1024, 131072…) and one past them.
    static let edgeNumbers = [
        "0", "-0", "-1", "1", "2", "1.5", "-0.5", "0.0000001", "2.0000001", "1E2", "1e400", "-1e400", "1e-400",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "100000000000000000000000000000000000000000",
        "4294967296", "-2147483649", "16", "17", "128", "129", "1024", "1025", "131072", "131073",
        "86400000", "86400001", "100000", "100001", "1000000000", "1000000001", "1e9", "1.0e9", "3.5e38",
    ]

    /// String literals (JSON text, quotes included) that are odd as values of any field.
    static let oddStrings = [
        #""""#, #"" ""#, #""NaN""#, #""Infinity""#, #""-Infinity""#, #""1e400""#, #""-0""#, #""null""#, #""true""#,
        #""\u0000""#, #""\ud800""#, #""\udfff\ud800""#, #""\u202e\u0041""#, #""é""#, #""👩‍👩‍👧‍👦""#, #""\\""#,
        #""\"""#, #""\n\r\t""#, #""http://127.0.0.1:1/v1""#, #""evil.example/v1/chat""#, #""../../etc/passwd""#,
        #""%00%0a""#, #""<script>""#, #""user""#, #""assistant""#, #""single""#, #""best-of-4""#, #""sim-reasoner""#,
    ]

    /// Any JSON value; arrays and objects only while `depth` allows.
    static func value(_ random: inout FuzzRandom, depth: Int) -> String {
        switch random.int(0...(depth > 0 ? 7 : 4)) {
        case 0: return "null"
        case 1: return random.chance(0.5) ? "true" : "false"
        case 2: return number(&random)
        case 3, 4: return string(&random)
        case 5, 6:
            let count = random.int(0...4)
            return "[" + (0..<count).map { _ in value(&random, depth: depth - 1) }.joined(separator: ",") + "]"
        default:
            let count = random.int(0...4)
            return "{" + (0..<count).map { _ in string(&random) + ":" + value(&random, depth: depth - 1) }.joined(separator: ",") + "}"
        }
    }

    static func number(_ random: inout FuzzRandom) -> String {
        switch random.int(0...3) {
        case 0: return random.pick(edgeNumbers)
        case 1: return String(random.int(-1_000_000...1_000_000))
        case 2: return String(Double(random.int(-1_000_000...1_000_000)) / 1000)
        default: return String(random.next())
        }
    }

    /// A string literal: an odd one, or random text of ASCII, Unicode and escapes, sometimes longer
    /// than the daemon's identifier limit.
    static func string(_ random: inout FuzzRandom) -> String {
        if random.chance(0.4) { return random.pick(oddStrings) }
        let length = random.chance(0.1) ? random.int(200...400) : random.int(0...24)
        let pieces = ["a", "Z", "7", " ", "-", "/", ":", ".", "é", "中", "🙂", "\\n", "\\\"", "\\\\", "\\u0001", "\\ud83d\\ude00"]
        var text = "\""
        for _ in 0..<length { text += random.pick(pieces) }
        return text + "\""
    }

    /// Arrays or objects nested `depth` deep around `core`.
    static func nested(_ depth: Int, around core: String, _ random: inout FuzzRandom) -> String {
        let objects = random.chance(0.5)
        let open = objects ? #"{"a":"# : "["
        let close = objects ? "}" : "]"
        return String(repeating: open, count: depth) + core + String(repeating: close, count: depth)
    }

    /// A JSON string literal of `text`, escaped.
    static func quote(_ text: String) -> String { JSONStringLiteral.quote(text) }
}
