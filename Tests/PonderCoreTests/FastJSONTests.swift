import PonderCore
import Testing

@Suite("ChatCompletionResponse.fastDecode")
struct FastJSONTests {
    @Test("reads the common shapes exactly as JSONDecoder does", arguments: FastJSONCorpus.fast.indices)
    func matchesJSONDecoder(_ index: Int) throws {
        let body = Array(FastJSONCorpus.fast[index].utf8)
        let fast = try #require(ChatCompletionResponse.fastDecode(body))
        let reference = try #require(FastJSONCheck.reference(body))
        #expect(FastJSONCheck.same(fast, reference))
    }

    @Test("leaves anything uncertain to JSONDecoder", arguments: FastJSONCorpus.fallback.indices)
    func fallsBack(_ index: Int) {
        #expect(ChatCompletionResponse.fastDecode(Array(FastJSONCorpus.fallback[index].utf8)) == nil)
    }

    @Test("decodes escapes, defaults and details to the expected values")
    func expectedValues() throws {
        let escapes = try #require(ChatCompletionResponse.fastDecode(Array(FastJSONCorpus.fast[3].utf8)))
        #expect(escapes.choices[0].message.content.unicodeScalars.elementsEqual(
            "a\nb\"c\\d/e\u{e9}f\u{1F600}g\t\u{8}\u{C}\r é 😀 漢字 A\u{0}z".unicodeScalars))
        let nulls = try #require(ChatCompletionResponse.fastDecode(Array(FastJSONCorpus.fast[5].utf8)))
        #expect(nulls.id == "" && nulls.object == "chat.completion" && nulls.created == 0 && nulls.model == "")
        #expect(nulls.choices[0].message.content == "" && nulls.usage == nil && nulls.timings == nil)
        let sim = try #require(ChatCompletionResponse.fastDecode(Array(FastJSONCorpus.fast[1].utf8)))
        #expect(sim.usage?.cachedTokens == 32 && sim.usage?.totalTokens == 98)
        #expect(sim.timings == ServerTimings(predictedN: 40))
        let empty = try #require(ChatCompletionResponse.fastDecode(Array(FastJSONCorpus.fast[8].utf8)))
        #expect(empty.usage?.totalTokens == 3 && empty.usage?.promptTokensDetails == .init(cachedTokens: nil))
    }

    @Test("rejects ill-formed UTF-8 wherever it is")
    func invalidUTF8() {
        let prefix = Array(#"{"choices":[{"index":0,"message":{"role":"assistant","content":"a"#.utf8)
        let suffix = Array(#""}}],"x":"y"}"#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(ChatCompletionResponse.fastDecode(prefix + bad + suffix) == nil)
        }
        #expect(ChatCompletionResponse.fastDecode([0xEF, 0xBB, 0xBF] + Array(FastJSONCorpus.fast[6].utf8)) == nil)
    }

    /// Strings are scanned eight bytes at a time where nothing in them needs a look: every kind of byte
    /// that does, at every offset of strings around that width, must be seen exactly as `JSONDecoder` sees it.
    @Test("sees every quote, escape, control, non-ASCII and ill-formed byte wherever it falls in a string")
    func specialBytesAtEveryOffset() throws {
        let prefix = Array(#"{"choices":[{"index":0,"message":{"role":"assistant","content":""#.utf8)
        let suffix = Array(#""}}],"model":"m"}"#.utf8)
        let specials: [[UInt8]] = [
            Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8), Array(#"\ud83d\ude00"#.utf8), Array(#"x\n\ny\\z\/"#.utf8),
            [0x0A], [0x1F], [0x00], [0x7F], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC3], [0x22],
        ]
        var exact = 0
        for length in 0..<26 {
            for offset in 0...length {
                for special in specials {
                    let filler = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                    let content = Array(filler[..<offset]) + special + Array(filler[offset...])
                    let body = prefix + content + suffix
                    #expect(FastJSONCheck.fastIsExact(body), "\(String(decoding: body, as: UTF8.self))")
                    if let fast = ChatCompletionResponse.fastDecode(body), let reference = FastJSONCheck.reference(body) {
                        #expect(Array(fast.choices[0].message.content.utf8) == Array(reference.choices[0].message.content.utf8))
                        exact += 1
                    }
                }
            }
        }
        #expect(exact > 2_500, "the well-formed strings were read by the fast path: \(exact)")
    }

    @Test("gives up on nesting deeper than it tracks, without recursing far")
    func deepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let body = Array((#"{"choices":[],"x":"# + deep + "}").utf8)
        #expect(ChatCompletionResponse.fastDecode(body) == nil)
    }
}
