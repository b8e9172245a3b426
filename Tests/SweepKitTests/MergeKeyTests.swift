import Testing
import Vocabulary

@testable import SweepKit

/// YAML merge keys (`<<: {…}`, `<<: *anchor`, `<<: [*a, *b]`) in any mapping: the merged keys
/// join the mapping with their own file:line:col, keys written in the mapping win, and among
/// several merged mappings the first that has a key gives it.
@Suite(.timeLimit(.minutes(10)))
struct MergeKeyTests {
    private func base(_ text: String) throws -> [String: ParameterValue] {
        Dictionary(uniqueKeysWithValues: try spec(header + text).base.map { ($0.name, $0.value) })
    }

    @Test func mergedKeysJoinTheMappingAndWrittenKeysWin() throws {
        let values = try base("base:\n  <<: {dmodel: 64, lr: 0.001}\n  lr: 0.002\n")
        #expect(values == ["dmodel": .int(64), "lr": .double(0.002)])
        // The written key wins wherever it stands.
        #expect(try base("base:\n  lr: 0.002\n  <<: {dmodel: 64, lr: 0.001}\n") == values)
    }

    /// An anchor needs a place to stand: a top-level `x-` key, which the sweep ignores. Another
    /// unknown top-level key is still an error.
    @Test func anAnchorCanStandUnderAnXKeyAtTheTop() throws {
        let values = try base("x-model: &model {dmodel: 64, lr: 0.001}\nbase:\n  <<: *model\n  lr: 0.002\n")
        #expect(values == ["dmodel": .int(64), "lr": .double(0.002)])
        #expect(
            diagnostics(header + "defaults: &d {dmodel: 64}\n").first?.message.hasPrefix(
                "unknown key 'defaults' in the sweep file") == true)
    }

    @Test func theFirstMergedMappingThatHasAKeyGivesIt() throws {
        let values = try base("base:\n  <<: [{lr: 0.1}, {lr: 0.2, dmodel: 64}]\n")
        #expect(values == ["dmodel": .int(64), "lr": .double(0.1)])
    }

    /// Merged axes plan exactly as the same axes written out.
    @Test func aMergedAxisPlansAsWrittenOut() throws {
        let command = header + "runner: {command: [echo, \"{c}\", \"{d}\"]}\ngrid:\n  c: [5, 7]\n"
        let merged = try plan(command + "  <<: {d: [6, 8]}\n")
        let written = try plan(command + "  d: [6, 8]\n")
        #expect(merged.jobs.map(\.id) == written.jobs.map(\.id))
        #expect(merged.jobs.count == 4)
    }

    /// A merged key keeps the place it is written, so its errors point there, not at `<<`.
    @Test func aMergedKeysErrorPointsAtTheKeyItself() {
        #expect(
            diagnostics(header + "base:\n  <<: {dmodle: 128}\n") == [
                Diagnostic("unknown parameter 'dmodle'; did you mean 'dmodel'?", at: SourceLocation(line: 4, column: 8))
            ])
        // Through an alias the keys keep the place they were first written: the anchor.
        let aliased = diagnostics(header + "execution: &exec\n  threads: 1\n  parralel: 2\nrules:\n  <<: *exec\n")
        #expect(
            aliased.contains { $0.message.hasPrefix("unknown key 'parralel' in execution") && $0.location.line == 5 })
        #expect(
            aliased.contains {
                $0.message.hasPrefix("unknown key 'threads' in rules")
                    && $0.location == SourceLocation(line: 4, column: 3)
            })
        #expect(!aliased.contains { $0.message.contains("'<<'") })
    }

    @Test(arguments: [
        (
            "base:\n  <<: 5\n",
            "a merge key '<<' takes a mapping or a list of mappings (<<: *defaults), got the integer 5", 4, 7
        ),
        (
            "base:\n  <<: [{lr: 0.1}, [1]]\n",
            "a merge key '<<' takes a mapping or a list of mappings (<<: *defaults), got a list", 4, 19
        )
    ])
    func aMergeOfSomethingElseIsRefused(body: String, message: String, line: Int, column: Int) {
        #expect(diagnostics(header + body) == [Diagnostic(message, at: SourceLocation(line: line, column: column))])
    }

    /// Only a plain `<<` merges: a quoted one is a key like any other.
    @Test func aQuotedMergeKeyIsAnOrdinaryKey() {
        let found = diagnostics(header + "base:\n  '<<': {lr: 0.1}\n")
        #expect(found.count == 1 && found[0].message.hasPrefix("unknown parameter '<<'"))
    }
}
