import Foundation
import PonderEval
import Testing

@Suite struct JSONReportRendererTests {
    @Test func jsonIsPrettySortedAndDecodesBack() throws {
        let report = ReportFixtures.binary()
        let text = try JSONReportRenderer().render(report)
        #expect(text.hasPrefix("{\n  \"binary\" : true,\n  \"frontier\" : {"))
        #expect(text.contains("\"optimality_gap\"") && text.contains("\"prob_improvement_ci95\""))
        let again = try JSONDecoder().decode(ComparisonReport.self, from: Data(text.utf8))
        #expect(again == report)
        #expect(try JSONReportRenderer().render(again) == text)
    }
}
