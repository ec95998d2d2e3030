import Foundation
import PonderEval
import Testing

@Suite struct HTMLReportRendererTests {
    @Test func pageIsWellFormedWithOneSeriesPerStrategyPerPlot() {
        let report = ReportFixtures.binary()
        let page = HTMLStructure(HTMLReportRenderer().render(report))
        #expect(page.wellFormed, "\(page.parseError ?? "")")
        #expect(page.plots == ["interval-mean", "interval-median", "interval-iqm", "interval-optimality-gap", "improvement", "profiles", "frontier"])
        for plot in ["interval-mean", "interval-median", "interval-iqm", "interval-optimality-gap", "profiles", "frontier"] {
            #expect(page.series[plot]?.map(\.strategy) == report.order, "plot \(plot)")
        }
        let pairs = page.series["improvement"]?.map { "\($0.a ?? "?") > \($0.b ?? "?")" }
        #expect(pairs == report.pairs.map { "\($0.a) > \($0.b)" })
    }

    @Test func pageHasNoExternalReferencesOrScripts() {
        let html = HTMLReportRenderer().render(ReportFixtures.binary())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""))
        var rest = html
        for namespace in ["http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"] { rest = rest.replacingOccurrences(of: "\"\(namespace)\"", with: "\"\"") }
        #expect(!rest.contains("http://") && !rest.contains("https://") && !rest.contains("//"))
        let page = HTMLStructure(html)
        #expect(!page.elementNames.contains { ["script", "link", "img", "iframe", "object", "embed", "use", "image"].contains($0) })
        #expect(!page.attributeValues.contains { $0.contains("url(") })
    }

    @Test func pageIncludesEveryTable() {
        let report = ReportFixtures.binary()
        let page = HTMLStructure(HTMLReportRenderer().render(report))
        let expected = ReportTables(report).all
        #expect(page.tables.keys.sorted() == expected.map { "table-" + $0.id }.sorted())
        for table in expected {
            #expect(page.tables["table-" + table.id] == [table.columns.map(\.header)] + table.rows)
        }
    }

    @Test func hostileNamesAreEscapedAndReadBackIntact() {
        let name = ReportFixtures.hostileName
        let report = ReportFixtures.binary(names: [name, "b & c", "\"quoted\""])
        let html = HTMLReportRenderer(title: "<b>title</b>").render(report)
        #expect(!html.contains("<script") && !html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"))
        let page = HTMLStructure(html)
        #expect(page.wellFormed, "\(page.parseError ?? "")")
        #expect(page.series["interval-mean"]?.map(\.strategy) == report.order)
        #expect(page.series["improvement"]?.first?.a == name)
        #expect(page.text.contains("<b>title</b>"))
    }

    @Test func controlCharactersKeepThePageWellFormed() {
        let page = HTMLStructure(HTMLReportRenderer().render(ReportFixtures.binary(names: ["a", ReportFixtures.controlName, "\u{0}nul"])))
        #expect(page.wellFormed, "\(page.parseError ?? "")")
        #expect(page.series["profiles"]?.count == 3)
    }

    @Test func reportWithoutTokensOrProfilesExplainsTheMissingPlots() {
        let page = HTMLStructure(HTMLReportRenderer().render(ReportFixtures.realValued()))
        #expect(page.wellFormed, "\(page.parseError ?? "")")
        #expect(page.plots == ["interval-mean", "interval-median", "interval-iqm", "interval-optimality-gap", "improvement"])
        #expect(page.text.contains("No row carries a token count"))
    }

    @Test func emptyElementsAreNeverSelfClosingOutsideSVG() {
        let html = HTMLReportRenderer().render(ReportFixtures.binary(names: ["", "b", "c"]))
        for tag in ["td", "th", "p", "title", "div", "section", "g", "text"] { #expect(!html.contains("<\(tag)/>") && !html.contains("<\(tag) />")) }
        #expect(HTMLStructure(html).wellFormed)
    }

    @Test func plotsHaveAxesTicksAndLegends() {
        let html = HTMLReportRenderer().render(ReportFixtures.binary())
        #expect(html.components(separatedBy: "class=\"axis x-axis\"").count - 1 == 7)
        #expect(html.components(separatedBy: "class=\"axis y-axis\"").count - 1 == 2)
        #expect(html.components(separatedBy: "class=\"legend\"").count - 1 == 2)
        #expect(html.contains(">10k<"))  // the log token axis
        #expect(html.contains("mean tokens per problem (log scale)"))
    }
}
