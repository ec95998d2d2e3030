/// Renders a ``RunTally``: a bar for terminals, a plain line for logs.
public enum ProgressLine {
    /// `[=========>          ] 45/100  2.3/s  ETA 0:24  acc 71.1%  tok 58.2k`, fitted to `width`.
    public static func bar(_ tally: RunTally, width: Int = 100) -> String {
        let facts = facts(tally).joined(separator: "  ")
        let barWidth = max(10, min(40, width - facts.count - 3))
        let fraction = tally.total > 0 ? Double(tally.done + tally.failed) / Double(tally.total) : 1
        let filled = min(barWidth, Int((fraction * Double(barWidth)).rounded(.down)))
        let arrow = filled < barWidth && filled > 0 ? ">" : ""
        let body = String(repeating: "=", count: max(0, filled - arrow.count)) + arrow
        let bar = "[" + body + String(repeating: " ", count: barWidth - body.count) + "]"
        return String((bar + " " + facts).prefix(max(width, 20)))
    }

    /// `progress 45/100 (45.0%), 2.3/s, ETA 0:24, accuracy 71.1%, tokens 58.2k, elapsed 0:19`.
    public static func log(_ tally: RunTally) -> String {
        var parts = ["progress \(tally.done)/\(tally.total) (\(percent(tally.total > 0 ? Double(tally.done) / Double(tally.total) : 1)))"]
        if let rate = tally.rate { parts.append("\(decimal(rate))/s") }
        if let remaining = tally.remainingSeconds { parts.append("ETA \(clock(remaining))") }
        if let accuracy = tally.accuracy { parts.append("accuracy \(percent(accuracy))") }
        parts.append("tokens \(compact(tally.tokens))")
        if tally.failed > 0 { parts.append("failed \(tally.failed)") }
        parts.append("elapsed \(clock(tally.elapsed))")
        return parts.joined(separator: ", ")
    }

    private static func facts(_ tally: RunTally) -> [String] {
        var facts = ["\(tally.done)/\(tally.total)"]
        facts.append(tally.rate.map { "\(decimal($0))/s" } ?? "–/s")
        facts.append("ETA " + (tally.remainingSeconds.map(clock) ?? "–"))
        facts.append("acc " + (tally.accuracy.map(percent) ?? "–"))
        facts.append("tok \(compact(tally.tokens))")
        if tally.failed > 0 { facts.append("failed \(tally.failed)") }
        return facts
    }

    /// `0:07`, `12:34`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }

    /// One decimal: `71.1%`.
    public static func percent(_ fraction: Double) -> String {
        decimal(fraction * 100) + "%"
    }

    /// One decimal place, no exponent: `2.3`, `1234.5`.
    public static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// `950`, `58.2k`, `3.1M`.
    public static func compact(_ count: Int) -> String {
        switch count {
        case ..<1000: "\(count)"
        case ..<1_000_000: decimal(Double(count) / 1000) + "k"
        default: decimal(Double(count) / 1_000_000) + "M"
        }
    }
}
