import Testing

@testable import PonderServer

/// Bodies the JSON decoder refuses are described in JSON terms, naming the field where there is one,
/// including the numbers that do not fit their field, which the decoder itself reports as invalid JSON.
@Suite struct RequestDecodingTests {
    let screen = RequestScreen(model: "sim-reasoner", presets: ["single"], configuration: ServerConfiguration())

    static func chat(_ extra: String) -> String {
        #"{"model":"sim-reasoner","messages":[{"role":"user","content":"hi"}]\#(extra)}"#
    }

    @Test(arguments: [
        ("{not json", nil, "not valid JSON: Invalid value around character 1"),
        (#"{"model":"sim-reasoner""#, nil, "not valid JSON: Unexpected end of file"),
        (#""just a string""#, nil, "The body must be an object; found a string"),
        ("null", nil, "The body must be an object; found null"),
        (#"{"model":5,"messages":[]}"#, "model", "'model' must be a string; found a number"),
        (#"{"model":"m","messages":{"role":"user"}}"#, "messages", "'messages' must be an array; found an object"),
        (#"{"model":"m","messages":[{"content":"hi"}]}"#, "messages[0].role", "missing required field 'messages[0].role'"),
    ] as [(String, String?, String)])
    func malformedBodies(body: String, param: String?, fragment: String) {
        expect(body, param: param, fragment: fragment)
    }

    @Test(arguments: [
        (#","n":1.5"#, "n", "'n' must be a whole number that fits in 64 bits"),
        (#","max_tokens":9223372036854775808"#, "max_tokens", "'max_tokens' must be a whole number"),
        (#","seed":-1"#, "seed", "'seed' must be a whole number from 0 to 18446744073709551615"),
        (#","temperature":-1e400"#, "temperature", "'temperature' must be a finite number"),
        (#","ponder":{"seed":1e400}"#, "ponder.seed", "'ponder.seed' must be a whole number from 0"),
        (#","ponder":{"budget":{"max_cost":1e999}}"#, "ponder.budget.max_cost", "'ponder.budget.max_cost' must be a finite number"),
    ] as [(String, String, String)])
    func numbersThatDoNotFitTheirField(extra: String, param: String, fragment: String) {
        expect(Self.chat(extra), param: param, fragment: fragment)
    }

    /// The decoder would keep the first of two keys where most parsers keep the last, so a key given
    /// twice in one object is refused, escapes decoded as the decoder decodes them.
    @Test(arguments: [
        (#"{"model":"gpt-x","model":"sim-reasoner","messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":"sim-reasoner","mod\u0065l":"x","messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":"sim-reasoner","messages":[{"role":"user","content":"a"},{"role":"user","role":"system","content":"b"}]}"#, "messages[1].role"),
        (Self.chat(#","ponder":{"budget":{"max_calls":1,"max_calls":100000}}"#), "ponder.budget.max_calls"),
        (Self.chat(#","x-client-field":1,"x-client-field":2"#), nil),
        (Self.chat(#","continue_final_message":true,"continue_final_message":false"#), "continue_final_message"),
        (Self.chat(#","ponder":{"budget":{"max_tokens_total":1,"max_tokens_total":2}}"#), "ponder.budget.max_tokens_total"),
        (Self.chat(#","x-a-key-longer-than-sixteen":1,"x-a-key-longer-than-sixteen":2"#), nil),
        // A repeat around nested objects, and one after a nested object with more keys than are compared one by one.
        (Self.chat(#","x":{"a":1,"b":{"a":1,"c":2},"a":2}"#), nil),
        (Self.chat(#","seed":1,"x":{\#((0..<40).map { #""k\#($0)":0"# }.joined(separator: ","))},"seed":2"#), "seed"),
    ] as [(String, String?)])
    func keysGivenTwice(body: String, param: String?) {
        expect(body, param: param, fragment: param.map { "'\($0)' is given twice" } ?? "A key is given twice")
    }

    @Test func theSameKeyInDifferentObjectsIsFine() {
        let body = #"{"model":"sim-reasoner","messages":[{"role":"system","content":"a"},{"role":"user","content":"b"}],"ponder":{"seed":1}}"#
        #expect(screen.screen(path: "/v1/chat/completions", headers: [], body: Array(body.utf8)) == .accepted(preset: "single"))
        let nested = Self.chat(#","z":{"b":{"a":1},"a":2},"x":{"model":1,"x":{"model":2,"x":3},"y":{\#((0..<40).map { #""k\#($0)":0"# }.joined(separator: ","))},"k1":4}"#)
        #expect(screen.screen(path: "/v1/chat/completions", headers: [], body: Array(nested.utf8)) == .accepted(preset: "single"))
    }

    /// Keys are compared by every byte: ones that differ only past the 8th or the 16th are distinct.
    @Test(arguments: [
        #","abcdefgh":1,"abcdefgi":2"#, #","x-client-field-a":1,"x-client-field-b":2"#,
        #","x-client-field-a1":1,"x-client-field-a2":2"#, #","x-a":1,"x-a\u0000":2"#, #","a":1,"a ":2"#,
    ])
    func keysThatDifferLateAreDistinct(extra: String) {
        #expect(screen.screen(path: "/v1/chat/completions", headers: [], body: Array(Self.chat(extra).utf8)) == .accepted(preset: "single"))
    }

    /// Each key is checked against its object's others in constant time: a body of the largest size
    /// made of one object's keys (what a client could send to tie up a core) is screened in moments,
    /// and a repeat at the end is still found.
    @Test(.timeLimit(.minutes(1))) func anObjectWithHundredsOfThousandsOfKeysIsScreenedInLinearTime() async {
        let keys = (0..<300_000).map { #""k\#($0)":0"# }.joined(separator: ",")
        let body = #"{"model":"sim-reasoner","messages":[{"role":"user","content":"hi"}],"x":{\#(keys)}}"#
        #expect(body.utf8.count < 4 << 20)
        let accepted = Array(body.utf8).withUnsafeBytes { JSONStructure.check($0, maxDepth: 64) }
        #expect(accepted == nil)
        let repeated = Array((body.dropLast(2) + #","k7":1}}"#).utf8).withUnsafeBytes { JSONStructure.check($0, maxDepth: 64) }
        #expect(repeated == .duplicateKey(path: nil))
    }

    func expect(_ body: String, param: String?, fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let verdict = screen.screen(path: "/v1/chat/completions", headers: [], body: Array(body.utf8))
        guard case .rejected(let status, let message, let got) = verdict else {
            Issue.record("accepted: \(body)", sourceLocation: sourceLocation)
            return
        }
        #expect(status == 400, sourceLocation: sourceLocation)
        #expect(got == param, "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains(fragment), "\(message)", sourceLocation: sourceLocation)
    }
}
