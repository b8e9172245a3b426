import Testing

@testable import SweepRunner

/// The job log's header and the resume hint quote through one function: a line pasted into a
/// shell must give back the same argv.
@Suite(.timeLimit(.minutes(10))) struct ShellQuoteTests {
    @Test(arguments: [
        ("cpu:4", "cpu:4"), ("--lr=3e-4", "--lr=3e-4"), ("", "''"), ("two words", "'two words'"),
        ("it's", "'it'\\''s'"), ("$HOME", "'$HOME'"), ("a;b", "'a;b'")
    ])
    func quotesWhatTheShellWouldSplitOrExpand(_ argument: String, _ expected: String) {
        #expect(ShellQuote.quoted(argument) == expected)
    }

    @Test func aLineQuotesEachArgument() {
        #expect(ShellQuote.line(["blocksweep", "run", "my sweep.yaml"]) == "blocksweep run 'my sweep.yaml'")
    }
}
