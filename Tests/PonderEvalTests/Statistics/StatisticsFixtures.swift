import Foundation
import PonderEval

/// Reads the reference values that `Tests/Fixtures/statistics/generate.py` writes.
enum StatisticsFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Statistics
        .deletingLastPathComponent()  // PonderEvalTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/statistics")

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: data)
    }
}

/// An exact bootstrap distribution (every resample enumerated by the generator), against which a Monte
/// Carlo percentile is checked in probability space: the estimate of the q-quantile from R replicates
/// must sit where the exact CDF crosses q, give or take `slack(q, reps)`.
///
/// The slack is four standard errors of an empirical CDF at q, √(q(1−q)/R), plus 1/R for the
/// interpolation between neighbouring order statistics: a correct bootstrap passes except with
/// probability well under 1e-4, while a bootstrap of the wrong distribution moves the CDF by more.
struct ExactDistribution: Decodable {
    var support: [Double]
    var probability: [Double]

    func probability(below value: Double) -> Double {
        zip(support, probability).filter { $0.0 < value - 1e-9 }.reduce(0) { $0 + $1.1 }
    }

    func probability(atMost value: Double) -> Double {
        zip(support, probability).filter { $0.0 <= value + 1e-9 }.reduce(0) { $0 + $1.1 }
    }

    static func slack(_ q: Double, reps: Int) -> Double {
        4 * (q * (1 - q) / Double(reps)).squareRoot() + 1 / Double(reps)
    }

    /// Whether `estimate` is an acceptable Monte Carlo estimate of the q-quantile.
    func admits(_ estimate: Double, asQuantile q: Double, reps: Int) -> Bool {
        let slack = Self.slack(q, reps: reps)
        return probability(below: estimate) <= q + slack && probability(atMost: estimate) >= q - slack
    }

    /// Whether both ends of a 95% percentile interval are acceptable.
    func admits(_ interval: Interval, reps: Int) -> Bool {
        admits(interval.low, asQuantile: 0.025, reps: reps) && admits(interval.high, asQuantile: 0.975, reps: reps)
    }

    var totalProbability: Double { probability.reduce(0, +) }
}
