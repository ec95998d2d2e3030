import Foundation

/// One invocation of `ponder run` on a store: the first, or a `--resume`.
public struct RunSession: Sendable, Hashable {
    public enum Status: String, Sendable {
        /// Still going, or killed before it could say otherwise.
        case running
        /// Every problem × seed it was asked for is recorded.
        case finished
        /// Stopped by SIGINT before the end.
        case interrupted
        /// Stopped by errors (problems whose search or grading failed are not recorded).
        case failed
    }

    public var startedAt: Date
    public var ponderVersion: String
    public var endpoints: String
    public var concurrency: Int
    public var seeds: Int
    public var limit: Int?

    public init(
        startedAt: Date = Date(), ponderVersion: String = PonderVersion.current, endpoints: String, concurrency: Int,
        seeds: Int, limit: Int?
    ) {
        self.startedAt = startedAt
        self.ponderVersion = ponderVersion
        self.endpoints = endpoints
        self.concurrency = concurrency
        self.seeds = seeds
        self.limit = limit
    }
}
