import Testing

@testable import PonderCore

@Suite struct VotingTests {
    @Test func majorityGroupsEquivalentAnswers() {
        let candidates = ["\\boxed{0.5}", "\\boxed{\\frac{1}{2}}", "\\boxed{3}", "\\boxed{1/2}", "no answer here"].map { Candidate(text: $0) }
        let ranked = Voting.majority(candidates)
        #expect(ranked.first?.votes == 3)
        #expect(AnswerEquivalence.areEquivalent(ranked.first?.answer ?? "", "1/2"))
        #expect(ranked.last?.text == "no answer here", "unanswered candidates come last")
        #expect(abs(Voting.agreement(candidates) - 0.75) < 1e-12)
    }

    @Test func weightedVoteCanOverruleTheMajority() {
        let candidates = [
            Candidate(text: "\\boxed{7}", score: 0.1), Candidate(text: "\\boxed{7}", score: 0.1),
            Candidate(text: "\\boxed{7}", score: 0.1), Candidate(text: "\\boxed{9}", score: 0.9),
        ]
        #expect(Voting.majority(candidates).first?.answer == "7")
        #expect(Voting.weighted(candidates).first?.answer == "9")
        #expect(Voting.rankByScore(candidates).first?.answer == "9")
    }

    @Test func tiesGoToTheClassSeenFirst() {
        let candidates = ["\\boxed{4}", "\\boxed{5}", "\\boxed{5}", "\\boxed{4}"].map { Candidate(text: $0) }
        #expect(Voting.majority(candidates).first?.answer == "4")
    }

    @Test func aggregationOfStepScores() {
        let scores = [0.9, 0.5, 0.8]
        #expect(StepAggregation.last.aggregate(scores) == 0.8)
        #expect(StepAggregation.min.aggregate(scores) == 0.5)
        #expect(abs(StepAggregation.prod.aggregate(scores) - 0.36) < 1e-12)
        #expect(abs(StepAggregation.mean.aggregate(scores) - 2.2 / 3) < 1e-12)
        #expect(StepAggregation.last.aggregate([]) == 0)
    }
}
