import Testing

@testable import SweepKit

/// Very long lists on one line: literal values are limited by what the plan can hold, not by the
/// alias-bomb guard; an error on such a line echoes a bounded excerpt around its column; and one
/// mistake repeated a million times is one error, not a million.
@Suite(.timeLimit(.minutes(10)))
struct LongListTests {
    @Test func aLongLineIsEchoedAsAnExcerptAroundTheColumn() throws {
        let line = String(repeating: "a", count: 4999) + "X" + String(repeating: "b", count: 5000)
        let d = SweepDiagnostics(
            path: "s.yaml", source: "version: 1\n" + line + "\n",
            diagnostics: [Diagnostic("here", at: SourceLocation(line: 2, column: 5000))])
        let lines = d.rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "s.yaml:2:5000: error: here")
        #expect(lines[1].count <= 202, "at most 200 characters of the line and an ellipsis at each end")
        #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix("…"))
        let x = try #require(lines[1].firstIndex(of: "X"))
        let caret = try #require(lines[2].firstIndex(of: "^"))
        #expect(
            lines[2].distance(from: lines[2].startIndex, to: caret)
                == lines[1].distance(from: lines[1].startIndex, to: x))
        // Near either end of the line, only the other side is cut.
        let start = SweepDiagnostics(
            path: "s.yaml", source: line, diagnostics: [Diagnostic("here", at: SourceLocation(line: 1, column: 3))])
        let echoed = start.rendered.split(separator: "\n")
        #expect(echoed[1].hasPrefix("aaa") && echoed[1].hasSuffix("…") && echoed[2] == "  ^")
        // A short line is echoed whole.
        let short = SweepDiagnostics(
            path: "s.yaml", source: "abc", diagnostics: [Diagnostic("here", at: SourceLocation(line: 1, column: 2))])
        #expect(short.rendered == "s.yaml:1:2: error: here\nabc\n ^\n")
    }

    /// More literal values than the alias guard's node budget are fine when no alias is used.
    @Test func aLiteralListLongerThanTheNodeBudgetIsRead() throws {
        let count = YAMLReader.maxNodes + 50_000
        let values = (0..<count).map(String.init).joined(separator: ", ")
        let s = try spec(header + "runner: {command: [echo, \"{x}\"]}\ngrid: {x: [\(values)]}\n")
        #expect(s.dimensions.first?.rows.count == count)
    }

    @Test func aValueRepeatedManyTimesIsOneError() {
        let values = Array(repeating: "1e-4", count: 1000).joined(separator: ", ")
        #expect(
            diagnostics(header + "grid: {lr: [\(values)]}\n") == [
                Diagnostic(
                    "lr lists the value 0.0001 twice; the list repeats values 999 times in all",
                    at: SourceLocation(line: 3, column: 19))
            ])
    }

    @Test func errorsStopAtTheLimit() {
        let values = (1...1000).map { "-\($0)" }.joined(separator: ", ")
        let found = diagnostics(header + "grid: {lr: [\(values)]}\n")
        #expect(found.count == 101)
        #expect(found.last?.message == "more than 100 errors; fix these and validate again")
    }
}
