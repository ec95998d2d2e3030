import Foundation
import PonderCore

extension ProbeFeatures {
    /// Measures the pilots: answer classes (by canonical equivalence), verifier scores, length, truncation.
    public static func measure(pilots: [Continuation], scores: [Double?], completionTokens: Int) -> ProbeFeatures {
        let count = pilots.count
        guard count > 0 else { return ProbeFeatures(samples: 0, agreement: 0, entropy: 0, answered: 0) }
        var classSizes: [AnswerClassKey: Int] = [:]
        var unanswered = 0
        for pilot in pilots {
            guard let answer = Candidate(text: pilot.text, isComplete: !pilot.wasTruncated).answer else {
                unanswered += 1
                continue
            }
            classSizes[AnswerClassKey(answer: answer), default: 0] += 1
        }
        let total = Double(count)
        var entropy = 0.0
        for size in Array(classSizes.values) + (unanswered > 0 ? [unanswered] : []) {
            let p = Double(size) / total
            entropy -= p * log2(p)
        }
        let known = scores.compactMap { $0 }
        return ProbeFeatures(
            samples: count,
            agreement: Double(classSizes.values.max() ?? 0) / total,
            entropy: entropy,
            answered: Double(count - unanswered) / total,
            meanScore: known.isEmpty ? nil : known.reduce(0, +) / Double(known.count),
            maxScore: known.max(),
            minScore: known.min(),
            meanTokens: Double(completionTokens) / total,
            truncated: Double(pilots.filter(\.wasTruncated).count) / total)
    }
}
