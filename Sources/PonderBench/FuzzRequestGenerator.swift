/// Hostile requests for the daemon's completion routes, from a seed: valid chat and text completion
/// bodies, and mutations of them — wrong types for each field, numbers at and past every edge,
/// NaN-like strings, Unicode and invalid UTF-8, deep nesting, truncated JSON, random bytes, random
/// JSON, duplicate keys, bad `ponder` objects, sizes at and one past each limit, upstream-looking
/// values, and odd headers (huge or malformed `Authorization` and `Content-Type`, forwarding headers).
///
/// The same seed gives the same cases, so a failure found by `ponder bench fuzz` replays in a test.
public struct FuzzRequestGenerator: Sendable {
    /// What the cases aim at: the server's names and the limits to probe at and just past.
    public struct Target: Sendable {
        /// The accepted API key; nil when the server requires none.
        public var validKey: String?
        public var model: String
        /// Presets and route aliases named in otherwise valid bodies.
        public var strategies: [String]
        public var maxBodyBytes: Int
        public var maxMessages: Int
        public var maxContentBytes: Int
        public var maxNestingDepth: Int
        public var maxModelIDBytes: Int
        public var maxStopSequences: Int
        public var maxStopSequenceBytes: Int

        public init(
            validKey: String?, model: String, strategies: [String], maxBodyBytes: Int, maxMessages: Int,
            maxContentBytes: Int, maxNestingDepth: Int, maxModelIDBytes: Int, maxStopSequences: Int,
            maxStopSequenceBytes: Int
        ) {
            self.validKey = validKey
            self.model = model
            self.strategies = strategies.isEmpty ? ["single"] : strategies
            self.maxBodyBytes = maxBodyBytes
            self.maxMessages = maxMessages
            self.maxContentBytes = maxContentBytes
            self.maxNestingDepth = maxNestingDepth
            self.maxModelIDBytes = maxModelIDBytes
            self.maxStopSequences = maxStopSequences
            self.maxStopSequenceBytes = maxStopSequenceBytes
        }
    }

    /// How a case is made; one is drawn per case, evenly.
    public enum Mutation: String, CaseIterable, Sendable {
        case valid, wrongType, edgeNumber, oddString, deepNesting, randomJSON, truncated, randomBytes,
            duplicateKeys, badPonder, atTheLimits, oddHeaders, wrongRoute, badEncoding, missingField, upstreamLookalike
    }

    public let target: Target
    private var random: FuzzRandom

    public init(seed: UInt64, target: Target) {
        self.target = target
        random = FuzzRandom(seed: seed)
    }

    static let chatPath = "/v1/chat/completions"
    static let completionsPath = "/v1/completions"
    static let questions = [
        "Start with 17. Add 5. Multiply the result by 3. What is the result?",
        "Start with 4. Subtract 9. What is the result?",
        "Beginne mit 3. Addiere 4. Was ist das Ergebnis? 🙂",
    ]

    public mutating func next() -> FuzzCase {
        let mutation = random.pick(Mutation.allCases)
        let chat = random.chance(0.6)
        var body = FuzzBody(fields: chat ? validChat() : validCompletion())
        var request = FuzzCase(
            path: chat ? Self.chatPath : Self.completionsPath, headers: [("Content-Type", "application/json")], body: [],
            kind: mutation.rawValue, hasValidKey: true)
        var bytes: [UInt8]?
        switch mutation {
        case .valid: break
        case .wrongType: body.replaceRandomValue(with: FuzzJSON.value(&random, depth: 3), &random)
        case .edgeNumber: setEdgeNumber(&body, chat: chat)
        case .oddString: setOddString(&body, chat: chat)
        case .deepNesting: bytes = deeplyNested(body)
        case .randomJSON: bytes = Array(FuzzJSON.value(&random, depth: random.int(0...6)).utf8)
        case .truncated:
            let full = Array(body.render(&random).utf8)
            bytes = Array(full.prefix(random.int(0...max(0, full.count - 1))))
        case .randomBytes: bytes = randomBytes()
        case .duplicateKeys: duplicateKey(&body, chat: chat)
        case .badPonder: body.set("ponder", badPonder())
        case .atTheLimits: atTheLimits(&body, chat: chat)
        case .oddHeaders: request.headers = oddHeaders()
        case .wrongRoute: request.path = wrongRoute(chat: chat)
        case .badEncoding: bytes = badEncoding(body)
        case .missingField: body.removeRandomField(&random)
        case .upstreamLookalike: upstreamLookalike(&body)
        }
        request.body = bytes ?? Array(body.render(&random).utf8)
        if mutation != .oddHeaders, let key = target.validKey { request.headers.append(("Authorization", "Bearer \(key)")) }
        request.hasValidKey = Self.authorizes(request.headers, validKey: target.validKey)
        return request
    }

    /// Whether the API-key check passes: no key is required, or exactly one `Authorization` field
    /// carries the key (whitespace around a field value is not part of it, in HTTP; the scheme's name
    /// is read in any case).
    static func authorizes(_ headers: [(name: String, value: String)], validKey: String?) -> Bool {
        guard let validKey else { return true }
        let fields = headers.filter { $0.name.lowercased() == "authorization" }
        guard fields.count == 1, let value = fields.first?.value.trimmingCharacters(in: .whitespaces) else { return false }
        let scheme = "bearer "
        guard value.lowercased().hasPrefix(scheme) else { return false }
        return value.dropFirst(scheme.count).drop { $0 == " " } == validKey
    }

    // MARK: Valid bodies

    private mutating func modelID() -> String {
        let strategy = random.pick(target.strategies)
        return random.pick([target.model, "\(strategy)/\(target.model)", strategy, "bon-\(target.model)", ""])
    }

    private mutating func validChat() -> [(String, String)] {
        var messages: [String] = []
        if random.chance(0.3) { messages.append(#"{"role":"system","content":"Answer step by step."}"#) }
        messages.append(#"{"role":"user","content":\#(FuzzJSON.quote(random.pick(Self.questions)))}"#)
        if random.chance(0.2) { messages.append(#"{"role":"assistant","content":[{"type":"text","text":"Step 1: "}]}"#) }
        return [("model", FuzzJSON.quote(modelID())), ("messages", "[" + messages.joined(separator: ",") + "]")] + optionalFields()
    }

    private mutating func validCompletion() -> [(String, String)] {
        let prompt = FuzzJSON.quote(random.pick(Self.questions))
        var fields = [("model", FuzzJSON.quote(modelID())), ("prompt", random.chance(0.8) ? prompt : "[\(prompt)]")]
        if random.chance(0.2) { fields.append(("logprobs", String(random.int(0...3)))) }
        return fields + optionalFields()
    }

    private mutating func optionalFields() -> [(String, String)] {
        var fields: [(String, String)] = []
        func maybe(_ key: String, _ value: @autoclosure () -> String) {
            if random.chance(0.3) { fields.append((key, value())) }
        }
        maybe("n", String(random.int(1...3)))
        maybe("temperature", String(Double(random.int(0...15)) / 10))
        maybe("max_tokens", String(random.int(16...512)))
        maybe("seed", String(random.next()))
        maybe("stop", random.chance(0.5) ? #""\n\nStep 99""# : #"["\n\nStep 99","END"]"#)
        maybe("stream", random.chance(0.5) ? "true" : "false")
        maybe("stream_options", #"{"include_usage":true}"#)
        maybe("top_p", "0.9")
        maybe("user", #""fuzz""#)
        maybe("optillm_approach", random.chance(0.5) ? #""bon""# : #""none""#)
        if random.chance(0.3) {
            let budget = #"{"max_calls":\#(random.int(1...6)),"max_tokens_total":\#(random.int(200...5000)),"#
                + #""deadline_ms":\#(random.int(1000...10000))}"#
            let strategy = FuzzJSON.quote(random.pick(target.strategies))
            fields.append(("ponder", #"{"strategy":\#(strategy),"seed":\#(random.int(0...9)),"budget":\#(budget)}"#))
        }
        return fields
    }

    // MARK: Mutations

    static let numericFields = ["n", "temperature", "max_tokens", "seed", "top_p", "top_k", "min_p", "logprobs", "top_logprobs"]
    static let budgetFields = ["max_tokens_total", "max_completion_tokens", "max_calls", "max_cost", "deadline_ms"]

    private mutating func setEdgeNumber(_ body: inout FuzzBody, chat: Bool) {
        let number = random.chance(0.8) ? random.pick(FuzzJSON.edgeNumbers) : random.pick(["NaN", "Infinity", "-Infinity", "0x10", "+1", ".5", "1."])
        if random.chance(0.3) {
            body.set("ponder", #"{"budget":{\#(FuzzJSON.quote(random.pick(Self.budgetFields))):\#(number)}}"#)
        } else if random.chance(0.1) {
            body.set("ponder", #"{"seed":\#(number)}"#)
        } else {
            body.set(random.pick(Self.numericFields), number)
        }
    }

    private mutating func setOddString(_ body: inout FuzzBody, chat: Bool) {
        let odd = FuzzJSON.string(&random)
        switch random.int(0...4) {
        case 0: body.set("model", odd)
        case 1: body.set(chat ? "messages" : "prompt", chat ? #"[{"role":\#(odd),"content":"hi"}]"# : odd)
        case 2: body.set(chat ? "messages" : "prompt", chat ? #"[{"role":"user","content":\#(odd)}]"# : "[\(odd)]")
        case 3: body.set("stop", random.chance(0.5) ? odd : "[\(odd),\(odd)]")
        default: body.set("ponder", #"{"strategy":\#(odd)}"#)
        }
    }

    private mutating func deeplyNested(_ body: FuzzBody) -> [UInt8] {
        let limit = target.maxNestingDepth
        let depth = random.pick([limit - 3, limit - 2, limit - 1, limit, limit + 1, 200, 600, 5000])
        let core = FuzzJSON.value(&random, depth: 1)
        var body = body
        switch random.int(0...3) {
        case 0: return Array(FuzzJSON.nested(depth, around: core, &random).utf8)
        case 1: body.set("ponder", FuzzJSON.nested(max(0, depth - 1), around: "{}", &random))
        case 2: body.set("messages", "[" + FuzzJSON.nested(max(0, depth - 2), around: core, &random) + "]")
        default: body.set("extra", FuzzJSON.nested(max(0, depth - 1), around: core, &random))
        }
        return Array(body.render(&random).utf8)
    }

    private mutating func randomBytes() -> [UInt8] {
        var bytes = (0..<random.int(0...256)).map { _ in UInt8.random(in: 0...255, using: &random) }
        if random.chance(0.5) { bytes.insert(UInt8(ascii: "{"), at: 0) }
        return bytes
    }

    private mutating func duplicateKey(_ body: inout FuzzBody, chat: Bool) {
        let key = random.pick(body.fields.map(\.0) + ["ponder", "stream"])
        let valid = (chat ? validChat() : validCompletion()).first { $0.0 == key }?.1 ?? "null"
        let value = random.chance(0.5) ? FuzzJSON.value(&random, depth: 2) : valid
        body.fields.insert((key, value), at: random.int(0...body.fields.count))
    }

    private mutating func badPonder() -> String {
        switch random.int(0...5) {
        case 0: return FuzzJSON.value(&random, depth: 3)
        case 1: return #"{"strategy":\#(FuzzJSON.value(&random, depth: 1))}"#
        case 2: return #"{"budget":\#(FuzzJSON.value(&random, depth: 2))}"#
        case 3: return #"{"budget":{"max_calls":0,"max_tokens_total":-5,"deadline_ms":-1,"max_cost":-0.5}}"#
        case 4: return #"{"strategy":"\#(random.pick(target.strategies))@999999999","seed":-1}"#
        default: return #"{"strategy":"mcts-q","budget":{"max_cost":1e308,"deadline_ms":9223372036854775807},"unknown":{"a":[1,2,{}]}}"#
        }
    }

    /// A size at or one past a limit: messages, content, model id, stop sequences, the whole body.
    private mutating func atTheLimits(_ body: inout FuzzBody, chat: Bool) {
        let over = random.chance(0.5) ? 1 : 0
        switch random.int(0...5) {
        case 0 where chat:
            let message = #"{"role":"user","content":"1"}"#
            body.set("messages", "[" + Array(repeating: message, count: target.maxMessages + over).joined(separator: ",") + "]")
        case 0, 1:
            let content = FuzzJSON.quote(String(repeating: "x", count: target.maxContentBytes + over))
            body.set(chat ? "messages" : "prompt", chat ? #"[{"role":"user","content":\#(content)}]"# : content)
        case 2: body.set("model", FuzzJSON.quote(String(repeating: "m", count: target.maxModelIDBytes + over)))
        case 3: body.set("stop", "[" + Array(repeating: #""s""#, count: target.maxStopSequences + over).joined(separator: ",") + "]")
        case 4: body.set("stop", FuzzJSON.quote(String(repeating: "s", count: target.maxStopSequenceBytes + over)))
        default: body.set("padding", FuzzJSON.quote(String(repeating: "p", count: target.maxBodyBytes + over)))
        }
    }

    private mutating func oddHeaders() -> [(name: String, value: String)] {
        let key = target.validKey ?? "none"
        let huge = String(repeating: "A", count: random.pick([1_000, 16_000, 40_000]))
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        switch random.int(0...9) {
        case 0: headers.append(("Authorization", "Bearer \(key)\(huge)"))
        case 1: headers.append(("Authorization", "Bearer " + huge))
        case 2: headers.append(("Authorization", "bearer \(key)"))
        case 3: headers.append(("Authorization", "Basic \(key)"))
        case 4: headers += [("Authorization", "Bearer \(key)"), ("Authorization", "Bearer \(key)")]
        case 5: headers.append(("Authorization", "Bearer \(key) "))
        case 6: headers = [("Content-Type", random.pick(["text/plain", "application/json; charset=utf-16", huge, "", "*/*;;;=="]))]
        case 7: headers += [("X-Api-Key", key), ("Api-Key", key)]
        default: break
        }
        if random.chance(0.7), let validKey = target.validKey, !headers.contains(where: { $0.name == "Authorization" }) {
            headers.append(("Authorization", "Bearer \(validKey)"))
        }
        let extras: [(String, String)] = [
            ("X-Request-Id", random.pick(["ok-id-1", huge, "bad id with spaces", "../../x"])),
            ("X-Forwarded-Host", "127.0.0.1:1"), ("Forwarded", "for=1.2.3.4;host=evil.example;proto=http"),
            ("X-Upstream", "http://127.0.0.1:1/v1"), ("Accept", random.pick(["text/event-stream", "*/*", huge])),
            ("X-Ponder-Endpoint", "http://evil.example/v1"),
        ]
        for extra in extras where random.chance(0.3) { headers.append(extra) }
        return headers
    }

    private mutating func wrongRoute(chat: Bool) -> String {
        let other = chat ? Self.completionsPath : Self.chatPath
        let query = "?model=http://127.0.0.1:1/v1&api_key=\(target.validKey ?? "x")&stream=true"
        return random.pick([other, other + query, (chat ? Self.chatPath : Self.completionsPath) + query])
    }

    private mutating func badEncoding(_ body: FuzzBody) -> [UInt8] {
        var bytes = Array(body.render(&random).utf8)
        switch random.int(0...2) {
        case 0:
            // Invalid UTF-8 (a lone continuation byte, an overlong form, an encoded surrogate) inside the first string.
            let junk: [UInt8] = random.pick([[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80]])
            if let quote = bytes.firstIndex(of: UInt8(ascii: "\"")) { bytes.insert(contentsOf: junk, at: quote + 1) }
        case 1: bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
        default: bytes = String(decoding: bytes, as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        return bytes
    }

    /// Values that look like addresses, where a careless proxy would take an upstream from.
    private mutating func upstreamLookalike(_ body: inout FuzzBody) {
        let address = random.pick(["http://127.0.0.1:1/v1", "evil.example/v1", "http://[::1]:1", "file:///etc/passwd", "//evil.example"])
        switch random.int(0...3) {
        case 0: body.set("model", FuzzJSON.quote(address))
        case 1: body.set("model", FuzzJSON.quote("single/" + address))
        case 2: body.set("ponder", #"{"endpoint":\#(FuzzJSON.quote(address)),"base_url":\#(FuzzJSON.quote(address))}"#)
        default: body.set("api_base", FuzzJSON.quote(address))
        }
    }
}
