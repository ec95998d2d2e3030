/// The report's only style sheet, inlined into `<style>` so the page needs nothing from the network.
/// It must stay free of `<` and `&`, which would break the page as XML.
enum ReportStylesheet {
    static let css = """
        body { font-family: system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif; color: #222222; margin: 2em auto; max-width: 1200px; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #dddddd; padding-bottom: 0.2em; }
        h3 { font-size: 1.05em; margin: 1.5em 0 0.4em; }
        .plots { display: flex; flex-wrap: wrap; gap: 1em 2em; align-items: flex-start; }
        svg.plot { font-family: inherit; max-width: 100%; height: auto; }
        svg.plot text { font-family: inherit; }
        p.caption, ul.notes, footer { color: #555555; font-size: 0.9em; }
        ul.notes { margin-top: 0.3em; padding-left: 1.2em; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 0.9em; font-variant-numeric: tabular-nums; }
        th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e5e5e5; white-space: nowrap; }
        th { text-align: left; border-bottom: 2px solid #bbbbbb; }
        th.num, td.num { text-align: right; }
        tbody tr:hover { background: #f5f8fc; }
        footer { margin-top: 3em; border-top: 1px solid #dddddd; padding-top: 0.5em; }
        """
}
