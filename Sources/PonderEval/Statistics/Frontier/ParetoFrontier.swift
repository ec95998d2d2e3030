/// The Pareto frontier of cost against quality (here mean tokens against mean score): the points no
/// other point dominates, where dominating means costing no more and scoring no less, one of the two
/// strictly. Reading a budget off the frontier is a step function: the best point affordable, never an
/// interpolation or extrapolation between measured configurations.
///
/// ```swift
/// let points = [ParetoFrontier.Point(cost: 100, quality: 0.4), .init(cost: 400, quality: 0.3)]
/// ParetoFrontier.membership(points)                     // [true, false]
/// ParetoFrontier.bestWithin(50, points: points)         // nil: nothing measured that cheap
/// ```
public enum ParetoFrontier {
    public struct Point: Sendable, Equatable {
        public var cost: Double
        public var quality: Double

        public init(cost: Double, quality: Double) {
            self.cost = cost
            self.quality = quality
        }

        func dominates(_ other: Point) -> Bool {
            cost <= other.cost && quality >= other.quality && (cost < other.cost || quality > other.quality)
        }
    }

    public static func membership(_ points: [Point]) -> [Bool] {
        points.map { point in !points.contains { $0.dominates(point) } }
    }

    /// The index of the highest-quality point costing at most `budget` (the cheaper, then the earlier,
    /// on ties): always a frontier point. Nil when every point costs more.
    public static func bestWithin(_ budget: Double, points: [Point]) -> Int? {
        points.indices
            .filter { points[$0].cost <= budget }
            .min { a, b in
                (-points[a].quality, points[a].cost, a) < (-points[b].quality, points[b].cost, b)
            }
    }
}
