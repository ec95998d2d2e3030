/// Colours of strategies in every plot: the Okabe–Ito palette, which stays distinguishable with the
/// common forms of colour blindness. Past eight strategies the colours repeat with dashed lines.
enum SeriesPalette {
    /// Okabe & Ito (2008), ordered for contrast on white (their yellow last).
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

    static func colour(_ index: Int) -> String { colours[index % colours.count] }

    /// `stroke-dasharray` for a series' lines: solid for the first round of colours, then dashes.
    static func dash(_ index: Int) -> String? {
        switch (index / colours.count) % 3 {
        case 0: nil
        case 1: "6 3"
        default: "2 2"
        }
    }
}
