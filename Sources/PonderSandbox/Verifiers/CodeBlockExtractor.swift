/// Finds fenced code blocks (```` ```python … ``` ````, ```` ``` … ``` ````, `~~~ … ~~~`) in a model's
/// solution.
public enum CodeBlockExtractor {
    public struct Block: Sendable, Hashable {
        /// The info string's first word, lowercased ("python", "py", ""…).
        public var language: String
        public var code: String
        /// The block had no closing fence (the solution was cut off inside it).
        public var isUnterminated: Bool
    }

    /// Every block in order. A fence is a line of three or more backticks (or tildes), indented at most
    /// three spaces; a block closes at a line of at least as many of the same character and nothing
    /// else. An unterminated last block runs to the end of the text.
    public static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var open: (fence: Character, length: Int, language: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if var current = open {
                if let fence = fence(in: line), fence.character == current.fence, fence.length >= current.length,
                   fence.info.isEmpty
                {
                    blocks.append(Block(language: current.language, code: joined(current.lines), isUnterminated: false))
                    open = nil
                } else {
                    current.lines.append(line)
                    open = current
                }
            } else if let fence = fence(in: line) {
                let language = fence.info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first
                    .map { $0.lowercased() } ?? ""
                open = (fence.character, fence.length, language, [])
            }
        }
        if let current = open {
            blocks.append(Block(language: current.language, code: joined(current.lines), isUnterminated: true))
        }
        return blocks
    }

    /// The last block in `language` (matched with its usual aliases, e.g. `py` for `python`) or without a
    /// language tag; failing that, the last block of any kind. `language: nil` takes the last block.
    public static func lastBlock(in text: String, language: String? = nil) -> Block? {
        let all = blocks(in: text)
        guard let language else { return all.last }
        let names = aliases(of: language)
        return all.last { $0.language.isEmpty || names.contains($0.language) } ?? all.last
    }

    static func aliases(of language: String) -> Set<String> {
        let language = language.lowercased()
        switch language {
        case "python", "py", "python3": return ["python", "py", "python3", "py3"]
        case "javascript", "js", "node": return ["javascript", "js", "node", "nodejs"]
        case "shell", "sh", "bash": return ["shell", "sh", "bash", "zsh"]
        case "c++", "cpp": return ["c++", "cpp", "cxx"]
        default: return [language]
        }
    }

    private static func fence(in line: Substring) -> (character: Character, length: Int, info: Substring)? {
        var rest = line
        var indent = 0
        while let first = rest.first, first == " ", indent < 4 {
            rest = rest.dropFirst()
            indent += 1
        }
        guard indent <= 3, let character = rest.first, character == "`" || character == "~" else { return nil }
        let run = rest.prefix { $0 == character }
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmingSpaces
        if character == "`", info.contains("`") { return nil }  // inline code, not a fence
        return (character, run.count, Substring(info))
    }

    private static func joined(_ lines: [Substring]) -> String {
        lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}
