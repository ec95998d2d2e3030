/// The order runs are read in: numerically when every label is a whole number (`"2"` before `"10"`),
/// otherwise by text. AdaStop takes runs in this order, so it decides what "the first five seeds" are.
enum RunLabelOrder {
    static func sorted(_ labels: some Sequence<String>) -> [String] {
        let unique = Array(Set(labels))
        let numbers = unique.compactMap { Int($0) }
        if numbers.count == unique.count {
            return unique.sorted { Int($0)! < Int($1)! }
        }
        return unique.sorted()
    }
}
