/// A light scan of the raw text for YAML aliases (`*name`), run before Yams composes the
/// document. It refuses what only an alias bomb needs: very many aliases, or an alias used as
/// a mapping key (Yams hashes keys whole, so a huge aliased key would hang the composer).
enum AliasScanner {
    struct Problem {
        var message: String
        var location: SourceLocation
    }

    static func problems(in text: String, maxAliases: Int) -> [Problem] {
        var problems: [Problem] = []
        var count = 0
        var blockIndent: Int? = nil  // inside a `|` or `>` block scalar deeper than this
        var line = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            let scalars = Array(rawLine.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            if let b = blockIndent {
                if scalars.allSatisfy({ $0 == " " || $0 == "\r" || $0 == "\t" }) || indent > b { continue }
                blockIndent = nil
            }
            var i = 0
            var quote: Unicode.Scalar? = nil
            var lastSignificant: Unicode.Scalar? = nil
            var content: [Unicode.Scalar] = []
            while i < scalars.count {
                let c = scalars[i]
                let prev: Unicode.Scalar? = i > 0 ? scalars[i - 1] : nil
                if let q = quote {
                    if q == "\"" && c == "\\" {
                        i += 2
                        continue
                    }
                    if c == q {
                        if q == "'" && i + 1 < scalars.count && scalars[i + 1] == "'" {
                            i += 2
                            continue
                        }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let prevIsSpace = prev == nil || prev == " " || prev == "\t"
                if c == "#" && prevIsSpace { break }
                if (c == "'" || c == "\"") && (prevIsSpace || prev == "[" || prev == "{" || prev == ",") {
                    quote = c
                } else if c == "*" {
                    let atNodeStart =
                        (prevIsSpace && (lastSignificant == nil || ":-?,[{".unicodeScalars.contains(lastSignificant!)))
                        || prev == "[" || prev == "{" || prev == ","
                    if atNodeStart {
                        var j = i + 1
                        while j < scalars.count, !" \t,[]{}\r".unicodeScalars.contains(scalars[j]) { j += 1 }
                        if j > i + 1 {
                            count += 1
                            let here = SourceLocation(line: line, column: i + 1)
                            if count == maxAliases + 1 {
                                problems.append(
                                    Problem(
                                        message: "more than \(maxAliases) aliases in one file (an alias bomb?)",
                                        location: here))
                            }
                            var k = j
                            while k < scalars.count, scalars[k] == " " { k += 1 }
                            let isKey =
                                lastSignificant == "?"
                                || (k < scalars.count && scalars[k] == ":"
                                    && (k + 1 == scalars.count || scalars[k + 1] == " " || scalars[k + 1] == "\r"))
                            if isKey {
                                problems.append(
                                    Problem(
                                        message: "an alias cannot be used as a mapping key",
                                        location: here))
                            }
                            i = j
                            lastSignificant = "*"
                            continue
                        }
                    }
                }
                if c != " " && c != "\t" && c != "\r" {
                    lastSignificant = c
                    content.append(c)
                }
                i += 1
            }
            // A line ending in a block-scalar indicator (`|`, `>-`, `|+2`, …) starts text that
            // is not YAML structure: skip its more-indented lines.
            if let indicatorIndex = content.lastIndex(where: { $0 == "|" || $0 == ">" }),
                content[(indicatorIndex + 1)...].allSatisfy({ "+-0123456789".unicodeScalars.contains($0) }),
                indicatorIndex == 0 || ":-".unicodeScalars.contains(content[indicatorIndex - 1])
            {
                blockIndent = indent
            }
        }
        return problems
    }
}
