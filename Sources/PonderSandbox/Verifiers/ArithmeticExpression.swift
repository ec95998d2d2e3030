import PonderCore

/// Reads and evaluates the arithmetic written in one line of a solution: numbers (`12`, `-3`, `7.5`,
/// `1,234`), `+ - × ÷ * / x ·` (and `−`, `\times`, `\cdot`, `\div`), parentheses, and `=`.
/// Evaluation is exact (``ExactRational``); overflow or division by zero make it fail.
enum ArithmeticExpression {
    enum Token: Equatable {
        case number(ExactRational?, decimals: Int, text: String)
        case op(Character)  // one of + - * /
        case open
        case close
        case equals
        case other
    }

    /// One written equality `left = right` found in a line.
    struct Equation: Equatable {
        var left: [Token]
        var right: [Token]
        var text: String {
            render(left) + " = " + render(right)
        }
    }

    static func tokens(in line: String) -> [Token] {
        let scalars = Array(line.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func isDigit(_ index: Int) -> Bool {
            index < scalars.count && scalars[index].value >= 48 && scalars[index].value <= 57
        }
        func lastIsOperand() -> Bool {
            switch tokens.last {
            case .number?, .close?: return true
            default: return false
            }
        }
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace {
                i += 1
                continue
            }
            if isDigit(i) {
                var digits = ""
                var j = i
                while isDigit(j) {
                    digits.unicodeScalars.append(scalars[j])
                    j += 1
                }
                // Thousands groups: ",ddd" not followed by another digit.
                while j < scalars.count, scalars[j] == ",", isDigit(j + 1), isDigit(j + 2), isDigit(j + 3), !isDigit(j + 4) {
                    for k in (j + 1)...(j + 3) { digits.unicodeScalars.append(scalars[k]) }
                    j += 4
                }
                var fraction = ""
                if j < scalars.count, scalars[j] == ".", isDigit(j + 1) {
                    j += 1
                    while isDigit(j) {
                        fraction.unicodeScalars.append(scalars[j])
                        j += 1
                    }
                }
                let text = String(String.UnicodeScalarView(scalars[i..<j]))
                tokens.append(.number(rational(digits: digits, fraction: fraction), decimals: fraction.count, text: text))
                i = j
                continue
            }
            switch c {
            case "+":
                tokens.append(.op("+"))
            case "-", "\u{2212}", "\u{2013}":
                tokens.append(.op("-"))
            case "*", "×", "·", "\u{22C5}", "\u{2217}":
                tokens.append(.op("*"))
            case "/", "÷", "\u{2215}":
                tokens.append(.op("/"))
            case "x", "X":
                // A multiplication sign only between operands: "22 x 3", not "x = 5" or "max".
                var next = i + 1
                while next < scalars.count, scalars[next].properties.isWhitespace { next += 1 }
                let previousIsLetter = i > 0 && scalars[i - 1].properties.isAlphabetic
                if lastIsOperand(), !previousIsLetter, next < scalars.count, isDigit(next) || scalars[next] == "(" {
                    tokens.append(.op("*"))
                } else {
                    tokens.append(.other)
                }
            case "(":
                tokens.append(.open)
            case ")":
                tokens.append(.close)
            case "=":
                tokens.append(.equals)
            case "\\":
                var j = i + 1
                var name = ""
                while j < scalars.count, scalars[j].properties.isAlphabetic {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                switch name {
                case "times", "cdot": tokens.append(.op("*"))
                case "div": tokens.append(.op("/"))
                case "left", "right": break  // \left( … \right)
                default: tokens.append(.other)
                }
                i = max(j, i + 1)
                continue
            default:
                if c.properties.isAlphabetic {
                    // A whole word is one "other" token.
                    var j = i
                    while j < scalars.count, scalars[j].properties.isAlphabetic || isDigit(j) { j += 1 }
                    tokens.append(.other)
                    i = j
                    continue
                }
                tokens.append(.other)
            }
            i += 1
        }
        return tokens
    }

    /// The equalities written in `line`: for `a op b = c` one, for chains `a = b = c` one per `=`.
    /// The first left side is the longest arithmetic tail before the first `=`; the last right side the
    /// longest arithmetic head after the last `=`; sides in between must be arithmetic entirely.
    static func equations(in line: String) -> [Equation] {
        let all = tokens(in: line)
        var segments: [[Token]] = [[]]
        for token in all {
            if token == .equals { segments.append([]) } else { segments[segments.count - 1].append(token) }
        }
        guard segments.count >= 2 else { return [] }
        var equations: [Equation] = []
        for index in 0..<(segments.count - 1) {
            let left = index == 0 ? longestTail(segments[index]) : (parses(segments[index]) ? segments[index] : nil)
            let last = index + 1 == segments.count - 1
            let right = last ? longestHead(segments[index + 1]) : (parses(segments[index + 1]) ? segments[index + 1] : nil)
            guard let left, let right else { break }
            equations.append(Equation(left: left, right: right))
        }
        return equations
    }

    static func isMath(_ token: Token) -> Bool {
        switch token {
        case .number, .op, .open, .close: return true
        case .equals, .other: return false
        }
    }

    static func longestTail(_ tokens: [Token]) -> [Token]? {
        var start = tokens.count
        while start > 0, isMath(tokens[start - 1]) { start -= 1 }
        while start < tokens.count {
            let candidate = Array(tokens[start...])
            if parses(candidate) { return candidate }
            start += 1
        }
        return nil
    }

    static func longestHead(_ tokens: [Token]) -> [Token]? {
        var end = 0
        while end < tokens.count, isMath(tokens[end]) { end += 1 }
        while end > 0 {
            let candidate = Array(tokens[..<end])
            if parses(candidate) { return candidate }
            end -= 1
        }
        return nil
    }

    static func parses(_ tokens: [Token]) -> Bool {
        guard !tokens.isEmpty else { return false }
        var parser = Parser(tokens: tokens)
        return parser.parseAll() != nil
    }

    enum Failure: Error, Equatable {
        case overflow
        case divisionByZero
    }

    /// The exact value of `tokens` (which must parse).
    static func evaluate(_ tokens: [Token]) -> Result<ExactRational, Failure> {
        var parser = Parser(tokens: tokens)
        switch parser.parseAll() {
        case .value(let value)?: return .success(value)
        case .failed(let failure)?: return .failure(failure)
        case nil: return .failure(.overflow)
        }
    }

    static func hasOperator(_ tokens: [Token]) -> Bool {
        var previousIsOperand = false
        for token in tokens {
            switch token {
            case .op:
                if previousIsOperand { return true }  // binary, not a sign
                previousIsOperand = false
            case .number, .close: previousIsOperand = true
            default: previousIsOperand = false
            }
        }
        return false
    }

    static func containsDivision(_ tokens: [Token]) -> Bool { tokens.contains(.op("/")) }

    /// The literal's decimals when `tokens` is one (possibly signed) number.
    static func literalDecimals(_ tokens: [Token]) -> Int? {
        var rest = tokens[...]
        if let first = rest.first, first == .op("-") || first == .op("+") { rest = rest.dropFirst() }
        guard rest.count == 1, case .number(_, let decimals, _) = rest.first! else { return nil }
        return decimals
    }

    static func render(_ tokens: [Token]) -> String {
        var text = ""
        for token in tokens {
            switch token {
            case .number(_, _, let written): text += text.isEmpty || text.hasSuffix("(") ? written : " \(written)"
            case .op(let op):
                let symbol = op == "*" ? "×" : op == "/" ? "÷" : String(op)
                text += text.isEmpty || text.hasSuffix("(") ? symbol : " \(symbol)"
            case .open: text += text.isEmpty ? "(" : " ("
            case .close: text += ")"
            case .equals: text += " ="
            case .other: text += " ?"
            }
        }
        return text
    }

    static func rational(digits: String, fraction: String) -> ExactRational? {
        guard let whole = Int64(digits + fraction) else { return nil }
        var denominator: Int64 = 1
        for _ in 0..<fraction.count {
            let (product, overflow) = denominator.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            denominator = product
        }
        return ExactRational(numerator: whole, denominator: denominator)
    }

    /// A sub-expression's value, or why it has none.
    enum Value {
        case value(ExactRational)
        case failed(Failure)
    }

    /// Recursive descent: expression = term (("+"|"-") term)*, term = factor (("*"|"/") factor)*,
    /// factor = ("-"|"+") factor | number | "(" expression ")". Each level returns nil on a syntax error.
    struct Parser {
        let tokens: [Token]
        var position = 0

        init(tokens: [Token]) { self.tokens = tokens }

        /// nil unless the tokens are exactly one expression.
        mutating func parseAll() -> Value? {
            guard let value = expression(), position == tokens.count else { return nil }
            return value
        }

        mutating func expression() -> Value? {
            guard var value = term() else { return nil }
            while position < tokens.count, case .op(let op) = tokens[position], op == "+" || op == "-" {
                position += 1
                guard let rhs = term() else { return nil }
                value = Self.combine(value, rhs) { a, b in op == "+" ? a.adding(b) : a.adding(b.negated()) }
            }
            return value
        }

        mutating func term() -> Value? {
            guard var value = factor() else { return nil }
            while position < tokens.count, case .op(let op) = tokens[position], op == "*" || op == "/" {
                position += 1
                guard let rhs = factor() else { return nil }
                if op == "/", case .value(let divisor) = rhs, divisor.numerator == 0 {
                    if case .value = value { value = .failed(.divisionByZero) }
                    continue
                }
                value = Self.combine(value, rhs) { a, b in op == "*" ? a.multiplied(by: b) : a.divided(by: b) }
            }
            return value
        }

        mutating func factor() -> Value? {
            guard position < tokens.count else { return nil }
            switch tokens[position] {
            case .op(let op) where op == "-" || op == "+":
                position += 1
                guard let inner = factor() else { return nil }
                if op == "-", case .value(let value) = inner { return .value(value.negated()) }
                return inner
            case .number(let value, _, _):
                position += 1
                return value.map { .value($0) } ?? .failed(.overflow)
            case .open:
                position += 1
                guard let inner = expression(), position < tokens.count, tokens[position] == .close else { return nil }
                position += 1
                return inner
            default:
                return nil
            }
        }

        private static func combine(
            _ a: Value, _ b: Value, _ operation: (ExactRational, ExactRational) -> ExactRational?
        ) -> Value {
            switch (a, b) {
            case (.failed(let failure), _), (_, .failed(let failure)): return .failed(failure)
            case (.value(let x), .value(let y)): return operation(x, y).map { .value($0) } ?? .failed(.overflow)
            }
        }
    }
}
