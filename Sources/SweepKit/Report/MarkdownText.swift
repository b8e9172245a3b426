/// Makes outside text (file names, device names, job ids, error messages) safe to put in
/// markdown: it reads as the same characters and can neither format, link, break a table nor
/// inject HTML.
package enum MarkdownText {
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "$", "!", "{", "}":
                out.append("\\")
                out.append(ch)
            case "\n", "\r", "\r\n", "\t": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    /// A table row from cells that are already markdown.
    static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// A table header with alignment: "l" left, "r" right.
    static func header(_ titles: [String], align: String) -> String {
        let rule = align.map { $0 == "r" ? "---:" : "---" }
        return row(titles) + "\n" + row(rule)
    }
}

extension String {
    var md: String { MarkdownText.escape(self) }
}
