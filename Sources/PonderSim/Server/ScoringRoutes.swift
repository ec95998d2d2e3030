import Hummingbird
import NIOCore
import PonderCore

extension SimService {
    /// `POST /v1/score`: process reward model scores, one per step.
    func score(request: Request, context: SimRequestContext) async throws -> Response {
        try await scoring("/v1/score", request: request, context: context) { (body: ScoreRequest) in
            (body.model, JSONCoding.encode(ScoreResponse(scores: self.prm.scores(question: body.question, steps: body.steps))))
        }
    }

    /// `POST /v1/qvalue`: Q-value estimates, one per candidate next step.
    func qvalue(request: Request, context: SimRequestContext) async throws -> Response {
        try await scoring("/v1/qvalue", request: request, context: context) { (body: QValueRequest) in
            let values = self.qvalues.values(question: body.question, steps: body.steps, candidates: body.candidates)
            return (body.model, JSONCoding.encode(QValueResponse(values: values)))
        }
    }

    /// The shared shape of the scoring routes: count, fault, decode, check the model, stall, answer.
    private func scoring<Body: Decodable & Sendable>(
        _ path: String, request: Request, context: SimRequestContext,
        answer: @Sendable (Body) -> (model: String?, body: ByteBuffer)
    ) async throws -> Response {
        let ticket = stats.begin(path)
        defer { ticket.hold() }
        let ordinal = nextOrdinal()
        var request = request
        let bytes = try await request.collectBody(upTo: context.maxUploadSize)
        let fault = faults.fault(forRequest: ordinal)
        if let fault { stats.fault(fault) }
        if let replacement = await replacement(for: fault, context: context) { return replacement }
        let decoded: Body
        switch JSONCoding.decode(Body.self, from: bytes) {
        case .success(let value): decoded = value
        case .failure(let error): return badRequest(error)
        }
        let (model, body) = answer(decoded)
        if let model, !model.isEmpty, model != configuration.modelName { return unknownModel(model) }
        if fault == .stall {
            let stallSeconds = configuration.stallSeconds
            try await waitUnlessDisconnected(context.channel) {
                try await Task.sleep(for: .seconds(stallSeconds))
            }
        }
        return send(body, fault: fault, ticket: ticket, channel: context.channel)
    }
}
