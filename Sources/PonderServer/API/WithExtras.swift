/// A request body read once into its OpenAI wire type and Ponder's extras (`ponder`,
/// `optillm_approach`): both decode from the same parsed JSON, so the body is parsed a single time.
struct WithExtras<Request: Decodable>: Decodable {
    var request: Request
    var extras: RequestExtras

    init(request: Request, extras: RequestExtras) {
        self.request = request
        self.extras = extras
    }

    init(from decoder: any Decoder) throws {
        request = try Request(from: decoder)
        extras = try RequestExtras(from: decoder)
    }
}
