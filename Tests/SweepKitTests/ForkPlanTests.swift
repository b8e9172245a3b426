import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// Prefix forking in the plan (docs/sweep-file.md, `execution.fork`): which dynamic_suffix
/// jobs fork from which baseline, what `plan` says about it, and the key's errors.
@Suite(.timeLimit(.minutes(10)))
struct ForkPlanTests {
    let body = """
        base: {dmodel: 16, n_layers: 4, static_active_layers: 1, dyn_min_active_layers: 1, steps: 100,
               dyn_freeze_start_frac: 0.3}
        grid:
          equal_time_budget: [true, false]
          dyn_probe_every: [5, 10]
        seeds: [1, 2]

        """

    @Test func deterministicDynamicJobsForkFromTheirPointsBaseline() throws {
        let p = try plan(header + body)
        let dynamic = p.jobs.filter { $0.schedule == .dynamicSuffix }
        #expect(dynamic.count == 8)
        for job in dynamic {
            let baseline = try #require(p.jobs.first { $0.id == job.forkFrom })
            #expect(baseline.schedule == .fullUpdate && baseline.seed == job.seed)
            #expect(baseline.params["equal_time_budget"] == nil, "full_update ignores the budget")
            #expect(job.prerequisites.contains(baseline.id))
        }
        #expect(p.jobs.allSatisfy { $0.schedule == .dynamicSuffix || $0.forkFrom == nil })
        let estimate = try #require(ForkEstimate.of(p))
        #expect(estimate.forked == 8 && estimate.reason == nil)
        #expect(estimate.savedShare > 0.1 && estimate.savedShare < 0.4)
        #expect(estimate.text.hasPrefix("prefix forking: on for 8 of 8 dynamic_suffix jobs"))
    }

    @Test func aWallClockBudgetKeepsItsJobsUnforkedAndPlanSaysWhy() throws {
        let p = try plan(header + body + "execution: {equal_time_clock: wall}\n")
        let dynamic = p.jobs.filter { $0.schedule == .dynamicSuffix }
        #expect(dynamic.filter { $0.forkFrom != nil }.count == 4, "only the points without a budget fork")
        #expect(dynamic.filter { $0.params["equal_time_budget"] == .bool(true) }.allSatisfy { $0.forkFrom == nil })
        let text = try #require(ForkEstimate.of(p)).text
        #expect(text.contains("on for 4 of 8"))
        #expect(text.contains("4 do not fork: their equal-time budget reads the wall clock"), "\(text)")
    }

    @Test func forkFalseTurnsItOffAndKeepsEveryId() throws {
        let on = try plan(header + body)
        let off = try plan(header + body + "execution: {fork: false}\n")
        #expect(off.jobs.allSatisfy { $0.forkFrom == nil })
        #expect(on.jobs.map(\.id) == off.jobs.map(\.id))
        #expect(ForkEstimate.of(off)?.text == "prefix forking: off: execution.fork is false\n")
        // Old plan.json files (no `fork`) read as on; the key round-trips.
        let data = try JSONEncoder().encode(off)
        #expect(try JSONDecoder().decode(Plan.self, from: data) == off)
    }

    /// The torch runner forks as the engine does, with the same ids; `plan` says its jobs run
    /// with deterministic kernels (exact on a GPU), and `fork: false` is accepted for it.
    @Test func torchPlansForkLikeTheEnginesAndSaySoWithTheirKernels() throws {
        let builtin = try plan(header + body)
        let torch = try plan(header + "runner: torch\n" + body)
        #expect(torch.jobs.map { $0.forkFrom != nil } == builtin.jobs.map { $0.forkFrom != nil })
        #expect(torch.jobs.filter { $0.forkFrom != nil }.count == 8)
        for job in torch.jobs where job.forkFrom != nil {
            #expect(torch.jobs.first { $0.id == job.forkFrom }?.schedule == .fullUpdate)
        }
        let text = try #require(ForkEstimate.of(torch)).text
        #expect(text.hasPrefix("prefix forking: on for 8 of 8 dynamic_suffix jobs"), "\(text)")
        #expect(!text.contains("does not"), "\(text)")
        #expect(text.contains("torch jobs run with deterministic kernels (torch.use_deterministic_algorithms"))
        #expect(ForkEstimate.of(builtin)?.text.contains("deterministic kernels") == false)
        let off = try plan(header + "runner: torch\n" + body + "execution: {fork: false}\n")
        #expect(off.jobs.allSatisfy { $0.forkFrom == nil })
        // Review F1: fork: false runs other kernels, so every torch job and calibration is
        // another one (nothing is paired across the two); builtin ids do not change with fork.
        #expect(Set(off.allJobs.map(\.id)).isDisjoint(with: torch.allJobs.map(\.id)))
        let builtinOff = try plan(header + body + "execution: {fork: false}\n")
        #expect(builtinOff.allJobs.map(\.id) == builtin.allJobs.map(\.id))
        #expect(ForkEstimate.of(off)?.text == "prefix forking: off: execution.fork is false\n")
        // A wall clock forks nothing, yet with fork on the kernels are still the deterministic ones, and plan says so.
        let wall = try plan(header + "runner: torch\n" + body + "execution: {equal_time_clock: wall}\n")
        #expect(try #require(ForkEstimate.of(wall)).text.contains("deterministic kernels"))
    }

    @Test func theSlurmBackendForksAsTheLocalOneDoes() throws {
        let local = try plan(header + body)
        let slurm = try plan(header + body + "execution: {backend: slurm}\n")
        #expect(slurm.jobs.filter { $0.forkFrom != nil }.count == 8)
        #expect(local.jobs.map(\.id) == slurm.jobs.map(\.id))
        #expect(local.jobs.map(\.forkFrom) == slurm.jobs.map(\.forkFrom))
        let estimate = try #require(ForkEstimate.of(slurm))
        #expect(estimate == ForkEstimate.of(local) && estimate.reason == nil)
        #expect(!estimate.text.contains("Slurm"), "\(estimate.text)")
    }

    @Test func noBaselineMeansNoFork() throws {
        let p = try plan(
            header + body.replacingOccurrences(of: "[true, false]", with: "[false]") + "schedules: [dynamic_suffix]\n")
        #expect(p.jobs.allSatisfy { $0.forkFrom == nil })
        #expect(ForkEstimate.of(p)?.reason?.contains("no full_update run") == true)
    }

    @Test func badForkValuesNameFileLineAndColumn() throws {
        for (text, message) in [
            (
                header + body + "execution: {fork: sometimes}\n",
                "s.yaml:9:19: error: fork must be true or false, got the text 'sometimes'"
            ),
            (
                header + "runner: {command: [echo, \"{x}\"]}\ngrid: {x: [1]}\nexecution: {fork: true}\n",
                "s.yaml:5:13: error: fork applies only to the builtin and torch runners"
            )
        ] {
            do {
                _ = try SweepSpec.parse(text, path: "s.yaml")
                Issue.record("accepted: \(text)")
            } catch let d as SweepDiagnostics {
                #expect(d.rendered.contains(message), "\(d.rendered)")
            }
        }
    }

    /// A job forks from an earlier sibling differing in one setting read only after the freeze
    /// gate; one differing in a setting read before it (the probe interval) forks from the baseline.
    @Test func siblingsThatDifferAfterTheGateChain() throws {
        let p = try plan(
            header + """
                base: {dmodel: 16, n_layers: 4, steps: 100, dyn_min_active_layers: 1, static_active_layers: 1}
                grid:
                  dyn_max_active_layers: [2, 3]
                  dyn_probe_every: [5, 10]
                seeds: [1]
                """)
        let full = try #require(p.jobs.first { $0.schedule == .fullUpdate })
        func job(_ cap: Int, _ probe: Int) throws -> Job {
            try #require(
                p.jobs.first {
                    $0.params["dyn_max_active_layers"] == .int(cap) && $0.params["dyn_probe_every"] == .int(probe)
                })
        }
        #expect(try job(2, 5).forkFrom == full.id)
        #expect(try job(2, 10).forkFrom == full.id, "the probe interval changes the run before the gate")
        #expect(try job(3, 5).forkFrom == (try job(2, 5)).id)
        #expect(try job(3, 10).forkFrom == (try job(2, 10)).id)
        #expect(try job(3, 10).prerequisites.contains((try job(2, 10)).id))
    }
}
