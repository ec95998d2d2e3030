/// OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`.
public struct ErrorBody: Codable, Sendable, Hashable {
    public var error: Detail

    public struct Detail: Codable, Sendable, Hashable {
        public var message: String
        public var type: String?
        public var param: String?
        public var code: String?
        public init(message: String, type: String? = nil, param: String? = nil, code: String? = nil) {
            self.message = message
            self.type = type
            self.param = param
            self.code = code
        }

        enum CodingKeys: String, CodingKey { case message, type, param, code }

        /// Every field is written, an absent one as `null`, as OpenAI's API does: clients read
        /// `error.param` and `error.code` without checking that they are there.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(message, forKey: .message)
            try c.encode(type, forKey: .type)
            try c.encode(param, forKey: .param)
            try c.encode(code, forKey: .code)
        }
    }

    public init(message: String, type: String? = nil, param: String? = nil, code: String? = nil) {
        self.error = Detail(message: message, type: type, param: param, code: code)
    }
}
