import PonderCore
import Testing

/// Mutated bodies: the fast path must never crash, and must answer either nil or exactly what
/// `JSONDecoder` answers (nil whenever `JSONDecoder` throws).
@Suite("fastDecode fuzz")
struct FastJSONFuzzTests {
    /// Bytes that make mutations likely to stay near-JSON, so they reach deep into the decoder.
    static let interesting = Array(#"{}[],:"\/-+.0123456789eEnultrfabx "#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xF0, 0xFF]

    @Test("mutated bodies decode exactly or fall back", arguments: [1, 2, 3, 4] as [UInt64])
    func mutations(_ seed: UInt64) {
        var random = SplitMix(seed: seed)
        let seeds = FastJSONCorpus.fast.map { Array($0.utf8) }
        var fastAnswers = 0
        for _ in 0..<1_500 {
            var body = seeds.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...3, using: &random) { Self.mutate(&body, using: &random) }
            if ChatCompletionResponse.fastDecode(body) != nil { fastAnswers += 1 }
            #expect(FastJSONCheck.fastIsExact(body), "\(String(decoding: body, as: UTF8.self))")
        }
        // Some mutations only touch ignored or string bytes, so the fast path keeps answering.
        #expect(fastAnswers > 0)
    }

    /// One random edit: a byte replaced, dropped or inserted, or the tail cut off.
    static func mutate(_ body: inout [UInt8], using random: inout SplitMix) {
        guard !body.isEmpty else { return }
        let at = Int.random(in: 0..<body.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: body[at] = Self.interesting.randomElement(using: &random)!
        case 1: body[at] = UInt8.random(in: 0...255, using: &random)
        case 2: body.remove(at: at)
        case 3: body.insert(Self.interesting.randomElement(using: &random)!, at: at)
        default: body.removeSubrange(at...)
        }
    }
}
