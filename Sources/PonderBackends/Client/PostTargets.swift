/// The API routes that calls post JSON to, under a replica's base URL.
enum PostRoute: Int, CaseIterable {
    case chat, completions, score, qvalue

    var path: String {
        switch self {
        case .chat: "/chat/completions"
        case .completions: "/completions"
        case .score: "/score"
        case .qvalue: "/qvalue"
        }
    }
}

/// Every replica's URL of every route, each prepared once (`JSONPostTarget`), so that a call neither
/// joins a URL string nor parses one nor writes the unchanging part of its request head.
struct PostTargets: Sendable {
    /// Indexed by route, then replica.
    private let targets: [[JSONPostTarget]]

    init(replicas: [String], apiKey: String?, transport: HTTPTransport) {
        targets = PostRoute.allCases.map { route in
            replicas.map { transport.jsonPostTarget(url: $0 + route.path, apiKey: apiKey) }
        }
    }

    /// Every replica's target of `route` is carried by the lean client.
    func areLean(_ route: PostRoute) -> Bool {
        targets[route.rawValue].allSatisfy(\.isLean)
    }

    subscript(route: PostRoute, replica replica: Int) -> JSONPostTarget {
        targets[route.rawValue][replica]
    }
}
