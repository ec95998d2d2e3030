/// Fitting names into a chart: an estimate of their width and truncation with an ellipsis (the full
/// name stays in the series' tooltip and in the tables).
enum ChartLabel {
    /// Average advance of a 12 px sans-serif character; SVG cannot measure text without a script.
    static let characterWidth = 7.0
    /// Longest label drawn in full.
    static let maximumCharacters = 32

    static func fitted(_ text: String, maximum: Int = maximumCharacters) -> String {
        text.count <= maximum ? text : String(text.prefix(maximum - 1)) + "…"
    }

    /// Pixels the widest of `labels` needs once fitted.
    static func width(of labels: [String]) -> Double {
        Double(labels.map { fitted($0).count }.max() ?? 0) * characterWidth
    }
}
