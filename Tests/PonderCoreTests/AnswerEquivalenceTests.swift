import PonderCore
import Testing

@Suite("Answer equivalence")
struct AnswerEquivalenceTests {
    @Test("The table has at least 200 pairs, positive and negative")
    func tableSize() {
        let all = AnswerPairTable.all
        #expect(all.count >= 200)
        #expect(all.filter { $0.expectation == .different }.count >= 60)
        #expect(all.filter { $0.expectation != .different }.count >= 140)
    }

    @Test("Pairwise equivalence", arguments: AnswerPairTable.all)
    func pair(_ pair: AnswerPair) {
        let expected = pair.expectation != .different
        #expect(AnswerEquivalence.areEquivalent(pair.lhs, pair.rhs) == expected)
        #expect(AnswerEquivalence.areEquivalent(pair.rhs, pair.lhs) == expected, "symmetry")

        // Voting groups by the hashable key, so it must agree with the table, except for pairs
        // that only match within the tolerance for approximate decimals.
        let lhsKey = AnswerEquivalence.canonicalKey(for: pair.lhs)
        let rhsKey = AnswerEquivalence.canonicalKey(for: pair.rhs)
        switch pair.expectation {
        case .equivalent:
            #expect(lhsKey != nil)
            #expect(lhsKey == rhsKey, "keys \(String(describing: lhsKey)) vs \(String(describing: rhsKey))")
        case .equivalentWithinTolerance:
            #expect(lhsKey != nil && rhsKey != nil)
            #expect(lhsKey != rhsKey, "tolerance pairs have different exact keys")
            #expect(lhsKey?.containsApproximateNumber == true || rhsKey?.containsApproximateNumber == true)
        case .different:
            #expect(lhsKey == nil || lhsKey != rhsKey)
        }
    }

    @Test("Equal keys hash equally, so a dictionary groups them")
    func dictionaryGrouping() throws {
        let answers = ["\\frac{1}{2}", "0.5", "1/2", "\\dfrac12", "50\\%", "50", "x = 50", "(1,2)", "\\left(1, 2\\right)"]
        var counts: [CanonicalAnswer: Int] = [:]
        for answer in answers {
            let key = try #require(AnswerEquivalence.canonicalKey(for: answer))
            counts[key, default: 0] += 1
        }
        #expect(counts.count == 3)
        #expect(counts[try #require(AnswerEquivalence.canonicalKey(for: "2/4"))] == 4)
        #expect(counts[try #require(AnswerEquivalence.canonicalKey(for: "50.0"))] == 3)
        #expect(counts[try #require(AnswerEquivalence.canonicalKey(for: "(1, 2)"))] == 2)
    }

    @Test("Equivalence classes group exact keys and merge approximate decimals")
    func equivalenceClasses() {
        let answers = ["1/2", "0.5", "3", "", "x = 3", "0.3333333", "\\frac{1}{3}", "\\frac{1}{2}", "0.333", "$$"]
        let classes = AnswerEquivalence.equivalenceClasses(of: answers)
        #expect(classes == [[0, 1, 7], [2, 4], [5, 6], [8]])
    }

    @Test("An exact answer joins an earlier approximate class")
    func exactAfterApproximate() {
        let classes = AnswerEquivalence.equivalenceClasses(of: ["3.14159265", "7", "3.1415926536", "3.14"])
        #expect(classes == [[0, 2], [1], [3]])
    }

    @Test("Canonical keys are equivalent iff areEquivalent says so")
    func keyOverload() throws {
        let a = try #require(AnswerEquivalence.canonicalKey(for: "0.3333333"))
        let b = try #require(AnswerEquivalence.canonicalKey(for: "1/3"))
        let c = try #require(AnswerEquivalence.canonicalKey(for: "0.34"))
        #expect(AnswerEquivalence.areEquivalent(a, b))
        #expect(!AnswerEquivalence.areEquivalent(a, c))
        #expect(!AnswerEquivalence.areEquivalent(b, c))
    }

    @Test("Tolerance also applies inside tuples and sets")
    func toleranceInCollections() {
        #expect(AnswerEquivalence.areEquivalent("(0.3333333, 2)", "(\\frac13, 2)"))
        #expect(!AnswerEquivalence.areEquivalent("(0.3333333, 2)", "[\\frac13, 2)"))
        #expect(AnswerEquivalence.areEquivalent("\\{2, 0.6666667\\}", "\\{\\frac{2}{3}, 2\\}"))
        #expect(!AnswerEquivalence.areEquivalent("\\{2, 0.6666667\\}", "\\{\\frac{2}{3}, 3\\}"))
    }
}
