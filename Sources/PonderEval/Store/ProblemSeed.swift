/// One unit of work and of storage: a problem solved with one seed. The store holds at most one
/// result per key.
public struct ProblemSeed: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var problemID: String
    public var seed: Int

    public init(problemID: String, seed: Int) {
        self.problemID = problemID
        self.seed = seed
    }

    public static func < (a: ProblemSeed, b: ProblemSeed) -> Bool {
        (a.problemID, a.seed) < (b.problemID, b.seed)
    }

    public var description: String { "\(problemID) (seed \(seed))" }
}
