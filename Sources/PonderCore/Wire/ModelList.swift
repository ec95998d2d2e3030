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
    }

    public init(data: [Model]) {
        self.object = "list"
        self.data = data
    }
}
