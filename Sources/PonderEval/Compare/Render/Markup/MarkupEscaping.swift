/// Makes any text safe inside XHTML and SVG, in element content and in quoted attribute values alike:
/// `& < > " '` become references, and characters XML 1.0 forbids (most control characters, lone
/// surrogates can't occur in Swift strings, U+FFFE, U+FFFF) become U+FFFD, so the page stays well-formed
/// whatever a strategy is called.
///
///     MarkupEscaping.escape(#"<script>"a" & 'b'"#)   // "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
public enum MarkupEscaping {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
