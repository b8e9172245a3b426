import Foundation
import Testing

@testable import SweepKit

/// Exactly the characters docs/sweep-file.md allows in a sweep name and in a command runner's
/// parameter names.
@Suite(.timeLimit(.minutes(10)))
struct NameRulesTests {
    static let command = "runner: {command: [run, \"{result}\"]}\n"

    @Test(arguments: ["a", "quickstart", "A-b_c.9", "x.", String(repeating: "n", count: 100), "1st"])
    func sweepNamesThatPass(name: String) {
        #expect(diagnostics("version: 1\nname: \"\(name)\"\n").isEmpty)
    }

    @Test(arguments: ["", ".hidden", "../escape", "a/b", "é", "a b", "a+b", String(repeating: "n", count: 101)])
    func sweepNamesThatFail(name: String) {
        #expect(
            diagnostics("version: 1\nname: \"\(name)\"\n").map(\.message)
                == [
                    "name '\(name)' must be 1 to 100 ASCII letters, digits, '-', '_' or '.', not starting with '.' (it names the results folder)"
                ])
    }

    @Test(arguments: ["x", "_x", "batch-size", "Lr2", "a_-9"])
    func commandParameterNamesThatPass(name: String) {
        #expect(diagnostics(header + Self.command + "grid:\n  \"\(name)\": [1, 2]\n").isEmpty)
    }

    @Test(arguments: ["9x", "-x", "é", "a.b", "a b", "a{b"])
    func commandParameterNamesThatFail(name: String) {
        #expect(
            diagnostics(header + Self.command + "grid:\n  \"\(name)\": [1, 2]\n").map(\.message)
                == [
                    "parameter name '\(name)' must start with an ASCII letter or '_' and hold only ASCII letters, digits, '_' and '-'"
                ])
    }

    /// {seed}, {device} and {result} are blocksweep's: a parameter of that name would be shadowed.
    @Test(arguments: [
        ("seed", "list seeds under seeds"), ("device", "pick another name"), ("result", "pick another name")
    ])
    func placeholderNamesAreTaken(name: String, use: String) {
        #expect(
            diagnostics(header + Self.command + "grid:\n  \(name): [1, 2]\n").map(\.message)
                == ["'\(name)' is not a parameter name: blocksweep fills {\(name)} itself; \(use)"])
    }
}
