import Foundation
import Testing

@testable import SweepKit

/// `seeds: {initial, max}` (docs/sweep-file.md, "Adaptive seeds"): read and checked with
/// file:line:col errors; the plan holds the initial seeds 1...initial, with the ids a plain
/// list gives them, and carries `max` in plan.json.
@Suite(.timeLimit(.minutes(10)))
struct AdaptiveSeedsTests {
    static let grid = "grid:\n  dyn_probe_every: [3, 5]\nschedules: [full_update, dynamic_suffix]\n"

    @Test func theInitialSeedsArePlannedWithTheIdsOfAPlainList() throws {
        let adaptive = try spec(header + Self.grid + "seeds: {initial: 2, max: 4}\n")
        #expect(adaptive.seeds == [1, 2])
        #expect(adaptive.adaptiveSeeds == AdaptiveSeeds(initial: 2, max: 4))
        let p = try Planner.plan(adaptive)
        #expect(p.adaptiveSeeds == AdaptiveSeeds(initial: 2, max: 4))
        #expect(Set(p.jobs.map(\.seed)) == [1, 2])
        let listed = try plan(header + Self.grid + "seeds: [1, 2]\n")
        #expect(p.jobs.map(\.id) == listed.jobs.map(\.id))
        #expect(listed.adaptiveSeeds == nil)
        // Seeds added later are the plain list's seeds 3 and 4: the same ids in any run.
        let every = try plan(header + Self.grid + "seeds: [1, 2, 3, 4]\n")
        #expect(Set(p.jobs.map(\.id)).isSubset(of: Set(every.jobs.map(\.id))))
    }

    @Test func planSaysWhatAdaptiveSeedsAddAndAPlainListDoesNot() throws {
        let adaptive = try spec(header + Self.grid + "seeds: {initial: 2, max: 5}\n")
        let text = PlanTable.render(try Planner.expand(adaptive), spec: adaptive)
        #expect(
            text.contains("kept × 2 seeds\nadaptive seeds: a configuration whose verdict is not settled "), "\(text)")
        #expect(text.contains("up to 5 (those jobs are not counted here)"))
        let listed = try spec(header + Self.grid + "seeds: [1, 2]\n")
        #expect(!PlanTable.render(try Planner.expand(listed), spec: listed).contains("adaptive"))
    }

    @Test func planJSONKeepsMaxAndAPlainListWritesNoKey() throws {
        let p = try plan(header + Self.grid + "seeds: {initial: 1, max: 3}\n")
        let data = try JSONEncoder().encode(p)
        #expect(String(decoding: data, as: UTF8.self).contains("\"adaptive_seeds\""))
        #expect(try JSONDecoder().decode(Plan.self, from: data) == p)
        let listed = try JSONEncoder().encode(try plan(header + Self.grid + "seeds: [1]\n"))
        #expect(!String(decoding: listed, as: UTF8.self).contains("adaptive_seeds"))
    }

    @Test func initialEqualToMaxIsAFixedCount() throws {
        let s = try spec(header + "seeds: {initial: 3, max: 3}\n")
        #expect(s.seeds == [1, 2, 3] && s.adaptiveSeeds?.max == 3)
    }

    @Test(arguments: [
        ("seeds: {initial: 0, max: 6}\n", "seeds.initial must be at least 1, got 0", 3, 18),
        ("seeds: {initial: 4, max: 3}\n", "seeds.max must be at least seeds.initial (4), got 3", 3, 26),
        ("seeds: {initial: 2}\n", "adaptive seeds need both initial and max; max is missing", 3, 8),
        ("seeds: {max: 4}\n", "adaptive seeds need both initial and max; initial is missing", 3, 8),
        (
            "seeds: {initail: 2, max: 6}\n",
            "unknown key 'initail' in seeds: adaptive seeds are {initial, max}; did you mean 'initial'?", 3, 9
        ),
        ("seeds: {initial: two, max: 6}\n", "seeds.initial must be an integer, got the text 'two'", 3, 18),
        ("seeds: {initial: 2, max: 6.5}\n", "seeds.max must be an integer, got the number 6.5", 3, 26),
        ("seeds: {initial: 2, max: 5000}\n", "seeds.max must be at most 1000, got 5000", 3, 26)
    ])
    func badAdaptiveSeedsAreRefusedWhereTheyAre(_ body: String, _ message: String, _ line: Int, _ column: Int) {
        let found = diagnostics(header + body)
        #expect(found == [Diagnostic(message, at: SourceLocation(line: line, column: column))])
    }

    /// The Slurm backend runs adaptive seeds in rounds too (docs/sweep-file.md, "Adaptive seeds").
    @Test func adaptiveSeedsAreAcceptedWithTheSlurmBackend() throws {
        #expect(diagnostics(header + "seeds: {initial: 2, max: 6}\nexecution: {backend: slurm}\n").isEmpty)
        let p = try plan(header + "seeds: {initial: 2, max: 6}\nexecution: {backend: slurm}\n")
        #expect(p.adaptiveSeeds == AdaptiveSeeds(initial: 2, max: 6))
        #expect(p.execution.backend == .slurm(SlurmSettings()))
    }

    /// A range {from, to, step} is still a range.
    @Test func aRangeOfSeedsIsNotAdaptive() throws {
        let s = try spec(header + "seeds: {from: 1, to: 3, step: 1}\n")
        #expect(s.seeds == [1, 2, 3] && s.adaptiveSeeds == nil)
    }
}
