/// `GET /v1/models`.
public struct ModelList: Codable, Sendable, Hashable {
    public var object: String
    public var data: [Model]

    public struct Model: Codable, Sendable, Hashable {
        public var id: String
        public var object: String
        public var created: Int
        public var ownedBy: String
        public init(id: String, created: Int = 0, ownedBy: String) {
            self.id = id
            self.object = "model"
            self.created = created
            self.ownedBy = ownedBy
        }
        enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
        }
        /// Lenient: servers differ in which of `object`, `created` and `owned_by` they send.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            object = try c.decodeIfPresent(String.self, forKey: .object) ?? "model"
            created = (try? c.decodeIfPresent(Int.self, forKey: .created)) ?? 0
            ownedBy = (try? c.decodeIfPresent(String.self, forKey: .ownedBy)) ?? ""
        }
    }

    public init(data: [Model]) {
        self.object = "list"
        self.data = data
    }
}
