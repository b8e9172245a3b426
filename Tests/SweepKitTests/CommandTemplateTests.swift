import Testing

@testable import SweepKit

/// Braces in a command runner's argv: `{name}` is a placeholder, `{{` and `}}` a literal brace
/// (as in Python's str.format); a lone brace is an error at its own column.
@Suite(.timeLimit(.minutes(10)))
struct CommandTemplateTests {
    @Test(
        arguments: [
            ("{lr}", ["lr"]),
            ("--lr={lr},{seed}", ["lr", "seed"]),
            ("{{lr}}", []),
            ("{{{lr}}}", ["lr"]),
            ("print({{'lr': {lr}}})", ["lr"]),
            ("a}}b", [])
        ] as [(String, [String])])
    func placeholdersSkipEscapedBraces(argument: String, names: [String]) {
        #expect(RunnerSpec.placeholders(in: argument) == names)
    }

    @Test func escapedBracesAreAccepted() throws {
        let p = try plan(
            header + "runner: {command: [python, -c, \"print({{'lr': {lr}}})\", \"}}{{\"]}\ngrid:\n  lr: [0.1, 0.2]\n")
        #expect(p.jobs.count == 2)
    }

    @Test(arguments: [
        ("[echo, \"a}b\"]", "a lone '}' in a command argument; write '}}' for a literal '}'", 28),
        ("[echo, \"--json={lr\"]", "'{' opens a placeholder that is never closed; write '{{' for a literal '{'", 34),
        ("[echo, '{lr}}']", "a lone '}' in a command argument; write '}}' for a literal '}'", 31),
        ("[echo, \"{}\"]", "'{}' names no parameter; write '{{}}' for a literal '{}'", 27),
        ("[echo, \"{lrr}\"]", "the command's placeholder {lrr} names no parameter of the sweep; did you mean 'lr'?", 27)
    ])
    func aLoneBraceIsAnErrorAtItsColumn(argv: String, message: String, column: Int) {
        let text = header + "runner: {command: \(argv)}\ngrid:\n  lr: [0.1, 0.2]\n"
        #expect(diagnostics(text) == [Diagnostic(message, at: SourceLocation(line: 3, column: column))])
    }
}
