/// A `TextTable` as an HTML table with its title and notes; number columns right-aligned.
enum HTMLTable {
    static func markup(_ table: TextTable) -> Markup {
        let classes = table.columns.map { $0.alignment == .right ? "num" : "text" }
        let header = Markup.element("tr", [:], table.columns.enumerated().map { index, column in
            .element("th", attributes: [("class", classes[index]), ("scope", "col")], [.text(column.header)])
        })
        let rows = table.rows.map { row in
            Markup.element("tr", [:], row.enumerated().map { index, cell in
                index == 0 && table.columns[0].alignment == .left
                    ? .element("th", attributes: [("class", classes[index]), ("scope", "row")], [.text(cell)])
                    : .element("td", attributes: [("class", classes[index])], [.text(cell)])
            })
        }
        var children: [Markup] = [
            .element("h3", [:], [.text(table.title)]),
            .element("div", ["class": "table-wrap"], [
                .element("table", attributes: [("id", "table-" + table.id)], [
                    .element("thead", [:], [header]),
                    .element("tbody", [:], rows),
                ])
            ]),
        ]
        if !table.notes.isEmpty {
            children.append(.element("ul", ["class": "notes"], table.notes.map { .element("li", [:], [.text($0)]) }))
        }
        return .element("section", attributes: [("class", "table"), ("id", "section-" + table.id)], children)
    }
}
