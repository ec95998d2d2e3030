/// The unbiased pass@k estimator of Chen et al., "Evaluating large language models trained on code",
/// 2021: from n samples of which c are correct, the probability that a random size-k subset holds a
/// correct one, `1 − C(n−c, k)/C(n, k)`. It is computed as `1 − Π_{i=n−c+1…n} (1 − k/i)`, which never
/// forms the huge binomial coefficients, and is 1 when n − c < k.
///
/// ```swift
/// PassAtK.estimate(samples: 10, correct: 2, k: 5)  // 1 − C(8,5)/C(10,5) = 7/9
/// ```
public enum PassAtK {
    public static func estimate(samples n: Int, correct c: Int, k: Int) -> Double {
        precondition((1...n).contains(k) && (0...n).contains(c), "1 ≤ k ≤ n and 0 ≤ c ≤ n")
        if n - c < k { return 1 }
        var allWrong = 1.0
        for i in stride(from: n - c + 1, through: n, by: 1) {
            allWrong *= 1 - Double(k) / Double(i)
        }
        return 1 - allWrong
    }
}
