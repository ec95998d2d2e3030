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
    }

    public init(message: String, type: String? = nil, param: String? = nil, code: String? = nil) {
        self.error = Detail(message: message, type: type, param: param, code: code)
    }
}
