import PonderEval
import Testing

@Suite struct ReportNumberTests {
    @Test func fixedDecimalsRoundHalfAwayFromZero() {
        #expect(ReportNumber.fixed(0.74251, decimals: 3) == "0.743")
        #expect(ReportNumber.fixed(2.5, decimals: 0) == "3")
        #expect(ReportNumber.fixed(-0.0625, decimals: 3) == "-0.063")
        #expect(ReportNumber.fixed(1_850, decimals: 0) == "1850")
        #expect(ReportNumber.fixed(0.05, decimals: 2) == "0.05")
        #expect(ReportNumber.fixed(12, decimals: 2) == "12.00")
    }

    @Test func missingAndNegativeZero() {
        #expect(ReportNumber.fixed(nil, decimals: 3) == "—")
        #expect(ReportNumber.fixed(-0.0001, decimals: 3) == "0.000")
        #expect(ReportNumber.interval(nil, decimals: 3) == "—")
        #expect(ReportNumber.fixed(.nan, decimals: 3) == "NaN")
    }

    @Test func signedDifferencesAndPValuesAndRanks() {
        #expect(ReportNumber.signed(0.052, decimals: 3) == "+0.052")
        #expect(ReportNumber.signed(-0.013, decimals: 3) == "-0.013")
        #expect(ReportNumber.signed(0.0001, decimals: 3) == "0.000")
        #expect(ReportNumber.pValue(0.0000123) == "<0.001")
        #expect(ReportNumber.pValue(0.0139) == "0.014")
        #expect(ReportNumber.pValue(nil) == "—")
        #expect(ReportNumber.rank(2) == "2")
        #expect(ReportNumber.rank(1.5) == "1.5")
        #expect(ReportNumber.interval(Interval(0.1, 0.25), decimals: 2) == "[0.10, 0.25]")
    }

    @Test func decimalsFollowTheSizeOfScores() {
        #expect(ReportNumber.decimals(forMagnitude: 0.9) == 3)
        #expect(ReportNumber.decimals(forMagnitude: 42) == 2)
        #expect(ReportNumber.decimals(forMagnitude: 420) == 1)
        #expect(ReportNumber.decimals(forMagnitude: 4200) == 0)
    }
}
