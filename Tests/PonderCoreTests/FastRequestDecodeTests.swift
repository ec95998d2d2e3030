import FoundationEssentials
import PonderCore
import Testing

/// `ChatCompletionRequest.fastDecode` answers exactly what `JSONDecoder` answers, or nil.
@Suite("ChatCompletionRequest.fastDecode")
struct FastRequestDecodeTests {
    /// Bodies the fast path reads: what the OpenAI client and `ponder bench` send, and near variants.
    static let plain = [
        #"{"model":"sim-reasoner","messages":[{"role":"user","content":"What is 2+3?"}],"max_tokens":64}"#,
        #"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi","name":"ann"}],"model":"single/m","n":3,"seed":7,"temperature":0.7,"top_p":1,"stream":false}"#,
        #" { "model" : "m" , "messages" : [ { "content" : null , "role" : "assistant" , "tool_calls" : [] } ] , "stream" : true , "max_tokens" : null , "seed" : null } "#,
        #"{"model":"m","messages":[{"role":"user","content":"quote \" slash \/ tab \t é \u00e9 😀 \ud83d\ude00"}],"temperature":0.30000000000000004,"top_p":0.95,"n":null}"#,
        #"{"model":"m","messages":[],"temperature":-0.0,"seed":0}"#,
    ]

    /// Bodies it must leave to `JSONDecoder` (which may accept or refuse them).
    static let misses = [
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"ponder":{"strategy":"best-of-4"}}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"optillm_approach":"bon"}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["\n"]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true}}"#,
        #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"n":1.0}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"seed":-1}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":1e-3}"#,
        #"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":1}"#,
        #"{"model":null,"messages":[]}"#,
        #"{"messages":[]}"#,
        #"{"mod\u0065l":"m","messages":[]}"#,
        #"{"model":"m","messages":[{"role":"user"}]}"#,
        #"{"model":"m","messages":[]} x"#,
        #"{"model":"m","messages":[],"user":"an unknown field"}"#,
    ]

    static func reference(_ body: [UInt8]) -> ChatCompletionRequest? {
        try? JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body))
    }

    /// Both values written the same way: equal bytes mean equal fields (strings by their UTF-8).
    static func canonical(_ request: ChatCompletionRequest) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try? encoder.encode(request)
    }

    static func fastIsExact(_ body: [UInt8]) -> Bool {
        guard let fast = ChatCompletionRequest.fastDecode(body) else { return true }
        guard let reference = reference(body) else { return false }
        return canonical(fast) != nil && canonical(fast) == canonical(reference)
    }

    @Test func plainBodiesAreReadExactly() throws {
        for body in Self.plain.map({ Array($0.utf8) }) {
            let fast = try #require(ChatCompletionRequest.fastDecode(body), "\(String(decoding: body, as: UTF8.self))")
            let reference = try #require(Self.reference(body))
            #expect(Self.canonical(fast) == Self.canonical(reference), "\(String(decoding: body, as: UTF8.self))")
        }
        let first = try #require(ChatCompletionRequest.fastDecode(Array(Self.plain[1].utf8)))
        #expect(first.n == 3 && first.seed == 7 && first.temperature == 0.7 && first.topP == 1 && first.stream == false)
        #expect(first.messages.map(\.role) == ["system", "user"])
    }

    @Test func otherBodiesAreLeftToJSONDecoder() {
        for body in Self.misses {
            #expect(ChatCompletionRequest.fastDecode(Array(body.utf8)) == nil, "\(body)")
        }
    }

    @Test("mutated bodies decode exactly or fall back", arguments: [1, 2, 3] as [UInt64])
    func mutations(_ seed: UInt64) {
        var random = SplitMix(seed: seed)
        let seeds = Self.plain.map { Array($0.utf8) }
        var fastAnswers = 0
        for _ in 0..<1_500 {
            var body = seeds.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...3, using: &random) { FastJSONFuzzTests.mutate(&body, using: &random) }
            if ChatCompletionRequest.fastDecode(body) != nil { fastAnswers += 1 }
            #expect(Self.fastIsExact(body), "\(String(decoding: body, as: UTF8.self))")
        }
        #expect(fastAnswers > 0)
    }
}
