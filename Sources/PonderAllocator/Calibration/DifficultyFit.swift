import Foundation
import PonderCore

/// Fits `LogisticDifficulty` by maximum likelihood: each calibration problem is `pilots` Bernoulli trials
/// (were its pilots right?), the features standardised, a small ridge penalty for stability, Newton's
/// method (iteratively reweighted least squares) to convergence.
enum DifficultyFit {
    struct Observation {
        var features: ProbeFeatures
        var right: Int
        var trials: Int
    }

    static func logistic(_ observations: [Observation], ridge: Double = 1e-2, iterations: Int = 50) -> LogisticDifficulty? {
        let usable = observations.filter { $0.trials > 0 }
        guard usable.count >= 8 else { return nil }
        let raw = usable.map { LogisticDifficulty.vector($0.features) }
        let dimension = LogisticDifficulty.featureNames.count
        var mean = [Double](repeating: 0, count: dimension)
        var scale = [Double](repeating: 1, count: dimension)
        for j in 0..<dimension {
            let column = raw.map { $0[j] }
            mean[j] = column.reduce(0, +) / Double(column.count)
            let variance = column.reduce(0) { $0 + ($1 - mean[j]) * ($1 - mean[j]) } / Double(column.count)
            scale[j] = variance > 1e-12 ? variance.squareRoot() : 0
        }
        // Design matrix: intercept, then standardised features (constant ones drop out as zeros).
        let x = raw.map { row in [1.0] + (0..<dimension).map { j in scale[j] > 0 ? (row[j] - mean[j]) / scale[j] : 0 } }
        var beta = [Double](repeating: 0, count: dimension + 1)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: dimension + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: dimension + 1), count: dimension + 1)
            for (row, observation) in zip(x, usable) {
                let z = zip(row, beta).reduce(0) { $0 + $1.0 * $1.1 }
                let p = 1 / (1 + exp(-z))
                let n = Double(observation.trials)
                let residual = Double(observation.right) - n * p
                let weight = n * p * (1 - p)
                for a in row.indices {
                    gradient[a] += residual * row[a]
                    for b in row.indices { hessian[a][b] += weight * row[a] * row[b] }
                }
            }
            for a in 1..<beta.count {
                gradient[a] -= ridge * beta[a]
                hessian[a][a] += ridge
            }
            hessian[0][0] += 1e-9
            guard let step = solve(hessian, gradient) else { break }
            beta = zip(beta, step).map { $0 + $1 }
            if step.map(abs).max() ?? 0 < 1e-8 { break }
        }
        // Back to the raw feature scale.
        var weights: [String: Double] = [:]
        var intercept = beta[0]
        for (j, name) in LogisticDifficulty.featureNames.enumerated() where scale[j] > 0 {
            let w = beta[j + 1] / scale[j]
            weights[name] = w
            intercept -= w * mean[j]
        }
        guard intercept.isFinite, weights.values.allSatisfy(\.isFinite) else { return nil }
        return LogisticDifficulty(intercept: intercept, weights: weights)
    }

    /// Gaussian elimination with partial pivoting; nil when the system is singular.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-12 else {
                return nil
            }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let sum = ((row + 1)..<n).reduce(0) { $0 + a[row][$1] * x[$1] }
            x[row] = (b[row] - sum) / a[row][row]
        }
        return x
    }
}
