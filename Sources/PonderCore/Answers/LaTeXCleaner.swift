/// First canonicalisation pass: strips presentation-only LaTeX from an answer and spells the
/// rest in one way, producing UTF-8 bytes for the structural parse.
///
/// - removes `$` delimiters, `\(` `\)` `\[` `\]`, `\left`/`\right`/`\big…` (keeping the
///   delimiter itself), `\displaystyle`, spacing (`\,` `\!` `\:` `\>` removed; `\ ` `\;` `~`
///   `\quad` become a space), degree signs (`^\circ`, `^{\circ}`, `\degree`, `°`);
/// - `\dfrac`/`\tfrac`/`\cfrac` → `\frac`, `\dbinom`/`\tbinom` → `\binom`, `\le` → `\leq`,
///   `\ge` → `\geq`, `\ne` → `\neq`, `\lbrace`/`\rbrace` → `\{`/`\}`, `\varnothing` → `\emptyset`,
///   `\%` → `%`, `\$` removed, `{,}` → `,`;
/// - braces the arguments of `\frac`, `\sqrt`, `\binom` (`\frac12` → `\frac{1}{2}`, `\sqrt2` →
///   `\sqrt{2}`);
/// - unwraps formatting (`\textbf{…}`, `\mathbf{…}`, `\emph{…}`, `\boxed{…}`, `\fbox{…}`);
/// - text commands (`\text`, `\textrm`, `\mbox`, `\mathrm`, …): a trailing one that follows a
///   value and holds a unit-like word (`5\text{ cm}`, `3\,\mathrm{kg}`, `12\text{ cm}^2`) is
///   dropped; any other one is unwrapped (`\text{yes}` → `yes`, `\text{(A)}` → `(A)`);
///   `\mathrm{i}` and `\mathrm{e}` are never treated as units;
/// - maps common Unicode symbols to LaTeX: `−` → `-`, `×` → `\times`, `·` → `\cdot`, `π` → `\pi`,
///   `√` → `\sqrt`, `∞` → `\infty`, `±` → `\pm`, `⟨ ⟩` → `\langle \rangle`, `≤ ≥ ≠ ∪ ∩ ∅`,
///   `½ ¼ ¾`, and Unicode spaces to a space.
enum LaTeXCleaner {
    static func clean(_ answer: String) -> [UInt8] {
        let input: [UInt8]
        if answer.utf8.contains(where: { $0 >= 0x80 }) {
            input = replacingUnicodeSymbols(in: answer)
        } else {
            input = Array(answer.utf8)
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        clean(input[...], into: &output)
        return output
    }

    static func clean(_ s: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var i = s.startIndex
        while i < s.endIndex {
            let byte = s[i]
            switch byte {
            case UInt8(ascii: "$"):
                i += 1
            case UInt8(ascii: "~"):
                out.append(UInt8(ascii: " "))
                i += 1
            case UInt8(ascii: "^"):
                if let end = degreeSignEnd(in: s, caretAt: i) {
                    i = end
                } else {
                    out.append(byte)
                    i += 1
                }
            case UInt8(ascii: "{"):
                // `{,}` is the LaTeX spelling of a comma without a following space. Between a
                // digit and a group of exactly three digits it is a thousands separator and is
                // dropped (`1{,}234` → `1234`, also inside tuples); elsewhere it is a comma.
                if i + 2 < s.endIndex, s[i + 1] == UInt8(ascii: ","), s[i + 2] == UInt8(ascii: "}") {
                    if !isThousandsGroup(in: s, at: i + 3) || !(out.last.map(AnswerBytes.isDigit) ?? false) {
                        out.append(UInt8(ascii: ","))
                    }
                    i += 3
                } else {
                    out.append(byte)
                    i += 1
                }
            case UInt8(ascii: "\\"):
                i = command(in: s, at: i, into: &out)
            default:
                out.append(byte)
                i += 1
            }
        }
    }

    /// Exactly three digits start at `index` and no digit follows them.
    private static func isThousandsGroup(in s: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index + 3 <= s.endIndex,
              s[index..<(index + 3)].allSatisfy(AnswerBytes.isDigit) else { return false }
        return index + 3 == s.endIndex || !AnswerBytes.isDigit(s[index + 3])
    }

    // MARK: - Commands

    /// Handles the command whose backslash is at `index`; returns where to resume.
    private static func command(in s: ArraySlice<UInt8>, at index: Int, into out: inout [UInt8]) -> Int {
        let nameEnd = AnswerBytes.commandNameEnd(in: s, backslashAt: index)
        guard nameEnd > index + 1 else { return controlSymbol(in: s, at: index, into: &out) }
        switch AnswerBytes.string(s[(index + 1)..<nameEnd]) {
        case "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
             "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm":
            // Keep the delimiter that follows, drop the null delimiter of `\left.`/`\right.`.
            let next = AnswerBytes.skipWhitespace(in: s, from: nameEnd)
            if next < s.endIndex, s[next] == UInt8(ascii: ".") { return next + 1 }
            return nameEnd
        case "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
             "mathstrut", "strut", "degree", "degrees", "hfill", "nonumber", "notag", "thinspace",
             "negthinspace", "medspace", "negmedspace", "thickspace", "negthickspace", "enspace", "relax":
            return nameEnd
        case "quad", "qquad", "space":
            out.append(UInt8(ascii: " "))
            return nameEnd
        case "frac", "dfrac", "tfrac", "cfrac":
            append("\\frac", to: &out)
            return arguments(in: s, from: nameEnd, count: 2, into: &out)
        case "binom", "dbinom", "tbinom":
            append("\\binom", to: &out)
            return arguments(in: s, from: nameEnd, count: 2, into: &out)
        case "sqrt":
            append("\\sqrt", to: &out)
            var next = AnswerBytes.skipWhitespace(in: s, from: nameEnd)
            if next < s.endIndex, s[next] == UInt8(ascii: "["),
               let close = AnswerBytes.matchingBracket(in: s, openingAt: next), s[close] == UInt8(ascii: "]") {
                out.append(UInt8(ascii: "["))
                clean(s[(next + 1)..<close], into: &out)
                out.append(UInt8(ascii: "]"))
                next = close + 1
            }
            return arguments(in: s, from: next, count: 1, into: &out)
        case "le", "leq", "leqslant":
            append("\\leq", to: &out)
        case "ge", "geq", "geqslant":
            append("\\geq", to: &out)
        case "ne", "neq":
            append("\\neq", to: &out)
        case "lbrace":
            append("\\{", to: &out)
        case "rbrace":
            append("\\}", to: &out)
        case "vert", "lvert", "rvert":
            out.append(UInt8(ascii: "|"))
        case "Vert", "lVert", "rVert":
            append("\\|", to: &out)
        case "emptyset", "varnothing":
            append("\\emptyset", to: &out)
        case "text", "textrm", "textnormal", "textup", "textsf", "texttt", "mbox", "hbox", "mathrm",
             "mathsf", "mathtt", "mathnormal":
            return textArgument(in: s, after: nameEnd, mayBeUnit: true, into: &out)
        case "textbf", "textit", "textsl", "emph", "mathbf", "mathit", "boldsymbol", "bm", "boxed",
             "fbox", "underline", "operatorname":
            return textArgument(in: s, after: nameEnd, mayBeUnit: false, into: &out)
        default:
            out.append(contentsOf: s[index..<nameEnd])
        }
        return nameEnd
    }

    /// A backslash followed by a non-letter (`\,`, `\{`, `\%`, `\\`, …).
    private static func controlSymbol(in s: ArraySlice<UInt8>, at index: Int, into out: inout [UInt8]) -> Int {
        guard index + 1 < s.endIndex else { return s.endIndex }  // lone trailing backslash
        let symbol = s[index + 1]
        switch symbol {
        case UInt8(ascii: ","), UInt8(ascii: "!"), UInt8(ascii: ":"), UInt8(ascii: ">"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "$"):
            break  // thin spaces, math delimiters, escaped dollar
        case UInt8(ascii: " "), UInt8(ascii: ";"), UInt8(ascii: "\n"), UInt8(ascii: "\t"):
            out.append(UInt8(ascii: " "))
        case UInt8(ascii: "%"):
            out.append(symbol)
        default:
            out.append(UInt8(ascii: "\\"))
            out.append(symbol)
        }
        return index + 2
    }

    /// Copies `count` macro arguments, bracing unbraced single-token ones (`\frac12`).
    private static func arguments(in s: ArraySlice<UInt8>, from index: Int, count: Int,
                                  into out: inout [UInt8]) -> Int {
        var j = index
        for _ in 0..<count {
            j = AnswerBytes.skipWhitespace(in: s, from: j)
            guard j < s.endIndex else { break }
            let byte = s[j]
            if byte == UInt8(ascii: "{") {
                let close = AnswerBytes.matchingBrace(in: s, openingAt: j) ?? s.endIndex
                out.append(UInt8(ascii: "{"))
                clean(s[(j + 1)..<close], into: &out)
                out.append(UInt8(ascii: "}"))
                j = min(close + 1, s.endIndex)
            } else if byte == UInt8(ascii: "\\") {
                out.append(UInt8(ascii: "{"))
                j = command(in: s, at: j, into: &out)
                out.append(UInt8(ascii: "}"))
            } else if AnswerBytes.isClosingBracket(byte) {
                break  // malformed: no argument
            } else {
                // One character, i.e. one whole UTF-8 scalar.
                var k = j + 1
                while k < s.endIndex, s[k] & 0xC0 == 0x80 { k += 1 }
                out.append(UInt8(ascii: "{"))
                out.append(contentsOf: s[j..<k])
                out.append(UInt8(ascii: "}"))
                j = k
            }
        }
        return j
    }

    // MARK: - Text and units

    private static func textArgument(in s: ArraySlice<UInt8>, after nameEnd: Int, mayBeUnit: Bool,
                                     into out: inout [UInt8]) -> Int {
        let open = AnswerBytes.skipWhitespace(in: s, from: nameEnd)
        guard open < s.endIndex, s[open] == UInt8(ascii: "{"),
              let close = AnswerBytes.matchingBrace(in: s, openingAt: open)
        else { return nameEnd }  // no braced argument: drop the command alone
        let content = s[(open + 1)..<close]
        if mayBeUnit, let resume = trailingUnitEnd(in: s, after: close + 1),
           isUnitText(content), endsWithValue(out) {
            return resume
        }
        clean(content, into: &out)
        return close + 1
    }

    /// When only an optional exponent (`^2`, `^{3}`) then whitespace, `.`, `$`, `\)` or `\]`
    /// follow `index`, returns the index after the exponent; else `nil`.
    private static func trailingUnitEnd(in s: ArraySlice<UInt8>, after index: Int) -> Int? {
        var i = index
        if i < s.endIndex, s[i] == UInt8(ascii: "^") {
            var j = AnswerBytes.skipWhitespace(in: s, from: i + 1)
            if j < s.endIndex, AnswerBytes.isDigit(s[j]) {
                j += 1
            } else if j < s.endIndex, s[j] == UInt8(ascii: "{"),
                      let close = AnswerBytes.matchingBrace(in: s, openingAt: j),
                      s[(j + 1)..<close].allSatisfy({ AnswerBytes.isDigit($0) || AnswerBytes.isWhitespace($0) }) {
                j = close + 1
            } else {
                return nil
            }
            i = j
        }
        let resume = i
        while i < s.endIndex {
            let byte = s[i]
            if AnswerBytes.isWhitespace(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "$") {
                i += 1
            } else if byte == UInt8(ascii: "\\"), i + 1 < s.endIndex,
                      s[i + 1] == UInt8(ascii: ")") || s[i + 1] == UInt8(ascii: "]") {
                i += 2
            } else {
                return nil
            }
        }
        return resume
    }

    /// Unit-like text: letters (plus spaces, digits, `.`, `/`, `^`, braces, non-ASCII symbols),
    /// at least one letter, and not the lone constants `i` or `e`.
    private static func isUnitText(_ content: ArraySlice<UInt8>) -> Bool {
        let text = AnswerBytes.trimmed(content)
        if text.count == 1, text.first == UInt8(ascii: "i") || text.first == UInt8(ascii: "e") { return false }
        var hasLetter = false
        for byte in text {
            if AnswerBytes.isLetter(byte) {
                hasLetter = true
            } else if !(AnswerBytes.isWhitespace(byte) || AnswerBytes.isDigit(byte) || byte >= 0x80
                        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "^")
                        || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")) {
                return false
            }
        }
        return hasLetter
    }

    /// Whether the output so far ends with something a unit can attach to.
    private static func endsWithValue(_ out: [UInt8]) -> Bool {
        guard let last = out.last(where: { !AnswerBytes.isWhitespace($0) }) else { return false }
        switch last {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "="),
             UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "&"),
             UInt8(ascii: "^"), UInt8(ascii: "_"):
            return false
        default:
            return true
        }
    }

    /// `^\circ` or `^{\circ}` starting at the caret: returns the index after it.
    private static func degreeSignEnd(in s: ArraySlice<UInt8>, caretAt caret: Int) -> Int? {
        var i = AnswerBytes.skipWhitespace(in: s, from: caret + 1)
        if AnswerBytes.isCommand(s, at: i, named: "circ") { return i + 5 }
        guard i < s.endIndex, s[i] == UInt8(ascii: "{") else { return nil }
        i = AnswerBytes.skipWhitespace(in: s, from: i + 1)
        guard AnswerBytes.isCommand(s, at: i, named: "circ") else { return nil }
        i = AnswerBytes.skipWhitespace(in: s, from: i + 5)
        guard i < s.endIndex, s[i] == UInt8(ascii: "}") else { return nil }
        return i + 1
    }

    // MARK: - Unicode

    static func replacingUnicodeSymbols(in answer: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(answer.utf8.count + 8)
        for scalar in answer.unicodeScalars {
            switch scalar.value {
            case 0x2212, 0x2010, 0x2011, 0x2012, 0x2013, 0xFE63, 0xFF0D: out.append(UInt8(ascii: "-"))
            case 0x00D7, 0x2715: append("\\times ", to: &out)
            case 0x00B7, 0x22C5, 0x2219: append("\\cdot ", to: &out)
            case 0x03C0: append("\\pi ", to: &out)
            case 0x221A: append("\\sqrt ", to: &out)
            case 0x221E: append("\\infty ", to: &out)
            case 0x2264: append("\\leq ", to: &out)
            case 0x2265: append("\\geq ", to: &out)
            case 0x2260: append("\\neq ", to: &out)
            case 0x222A: append("\\cup ", to: &out)
            case 0x2229: append("\\cap ", to: &out)
            case 0x2205: append("\\emptyset ", to: &out)
            case 0x00BD: append("\\frac{1}{2}", to: &out)
            case 0x00BC: append("\\frac{1}{4}", to: &out)
            case 0x00BE: append("\\frac{3}{4}", to: &out)
            case 0x00B1: append("\\pm ", to: &out)
            case 0x27E8, 0x2329, 0x3008: append("\\langle ", to: &out)
            case 0x27E9, 0x232A, 0x3009: append("\\rangle ", to: &out)
            case 0xFF0C: out.append(UInt8(ascii: ","))
            case 0x00B0, 0x200B, 0x2060, 0xFEFF: break  // degree sign, zero-width characters
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(UInt8(ascii: " "))
            default: UTF8.encode(scalar) { out.append($0) }
            }
        }
        return out
    }

    private static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
