import Testing
import Vocabulary

@testable import SweepKit

/// Counts and contents of every construct of the sweep format.
@Suite(.timeLimit(.minutes(10)))
struct ExpansionTests {
    private func dynamic(_ p: Plan) -> [Job] { p.jobs.filter { $0.schedule == .dynamicSuffix } }
    private func values(_ p: Plan, _ name: String) -> [ParameterValue?] { dynamic(p).map { $0.params[name] } }

    @Test func gridIsTheCartesianProductInFileOrderLastAxisFastest() throws {
        let p = try plan(
            header
                + "schedules: [dynamic_suffix]\ngrid:\n  dyn_min_active_layers: [2, 3]\n  dyn_warmup_steps: [10, 11, 12]\n"
        )
        #expect(p.jobs.count == 6)
        #expect(values(p, "dyn_min_active_layers") == [.int(2), .int(2), .int(2), .int(3), .int(3), .int(3)])
        #expect(values(p, "dyn_warmup_steps") == [.int(10), .int(11), .int(12), .int(10), .int(11), .int(12)])
    }

    @Test(arguments: [
        ("{from: 10, to: 30, step: 10}", [ParameterValue.int(10), .int(20), .int(30)]),
        ("{from: 30, to: 10, step: -10}", [.int(30), .int(20), .int(10)]),
        ("{from: 10, to: 35, step: 10}", [.int(10), .int(20), .int(30)]),
        ("{from: 5, to: 80, num: 5, scale: log}", [.int(5), .int(10), .int(20), .int(40), .int(80)]),
        ("{from: 1, to: 7, num: 4}", [.int(1), .int(3), .int(5), .int(7)])
    ])
    func integerRanges(_ range: String, _ expected: [ParameterValue]) throws {
        let s = try spec(header + "grid:\n  dyn_warmup_steps: \(range)\n")
        #expect(s.dimensions[0].rows.map { $0[0] } == expected)
    }

    @Test(arguments: [
        ("{from: 0.1, to: 0.3, step: 0.1}", [0.1, 0.2, 0.3]),
        ("{from: 0.0001, to: 0.01, num: 3, scale: log}", [0.0001, 0.001, 0.01]),
        ("{from: 0, to: 1, num: 5, scale: linear}", [0, 0.25, 0.5, 0.75, 1]),
        ("{from: 0.5, to: 1, step: 0.25}", [0.5, 0.75, 1])
    ])
    func numberRangesAreInclusiveAndClean(_ range: String, _ expected: [Double]) throws {
        let s = try spec(header + "grid:\n  dyn_freeze_start_frac: \(range)\n")
        #expect(s.dimensions[0].rows.map { $0[0] } == expected.map { .double($0) })
    }

    @Test func zipAdvancesTogether() throws {
        let p = try plan(
            header + """
                schedules: [dynamic_suffix]
                grid:
                  dyn_probe_every: [10, 20]
                zip:
                  - dyn_min_active_layers: [2, 3, 6]
                    dyn_max_active_layers: [8, 10, 12]
                """)
        #expect(p.jobs.count == 6)
        for job in p.jobs {
            let lo = job.params["dyn_min_active_layers"]
            let hi = job.params["dyn_max_active_layers"]
            #expect(
                [(ParameterValue.int(2), ParameterValue.int(8)), (.int(3), .int(10)), (.int(6), .int(12))]
                    .contains { $0.0 == lo && $0.1 == hi })
        }
    }

    @Test func sampleIsDeterministicForASeedAndInsideItsBounds() throws {
        let text =
            header + """
                schedules: [dynamic_suffix]
                sample:
                  count: 50
                  seed: 11
                  params:
                    dyn_relevance_threshold: {uniform: [0.8, 0.95]}
                    lr: {loguniform: [0.0001, 0.01]}
                    dyn_min_active_layers: {int: [2, 6]}
                    dyn_relevance_metric: {choice: [grad_ratio, saliency_abs_gp]}
                """
        let a = try plan(text)
        let b = try plan(text)
        #expect(a == b)
        let other = try plan(text.replacingOccurrences(of: "seed: 11", with: "seed: 12"))
        #expect(other.jobs.map(\.id) != a.jobs.map(\.id))
        let s = try spec(text)
        #expect(s.dimensions[0].rows.count == 50)
        var metrics = Set<String>()
        for row in s.dimensions[0].rows {
            guard case .double(let t) = row[0], case .double(let lr) = row[1], case .int(let k) = row[2],
                case .string(let m) = row[3]
            else {
                Issue.record("wrong types in \(row)")
                continue
            }
            #expect(t >= 0.8 && t <= 0.95)
            #expect(lr >= 0.0001 && lr <= 0.01)
            #expect((2...6).contains(k))
            metrics.insert(m)
        }
        #expect(metrics.count == 2)
    }

    @Test func whereDropsAndCountsPoints() throws {
        let p = try plan(
            header + """
                schedules: [dynamic_suffix]
                base:
                  n_layers: 8
                grid:
                  dyn_min_active_layers: [2, 4, 6, 7]
                  dyn_max_active_layers: [4, 8]
                where:
                  - dyn_min_active_layers <= dyn_max_active_layers
                  - dyn_max_active_layers <= n_layers and not (dyn_min_active_layers == 2 and dyn_max_active_layers == 8)
                """)
        // 8 points; the first drops (6,4), (7,4); the second drops (2,8). (A floor of 8 of 8
        // layers would be refused: the same work as full_update.)
        #expect(p.dropped == 3)
        #expect(p.jobs.count == 5)
    }

    @Test func arithmeticAndFunctionsInConditions() throws {
        let p = try plan(
            header + """
                schedules: [dynamic_suffix]
                grid:
                  dyn_min_active_layers: [2, 4, 6]
                  dyn_warmup_steps: [10, 20, 30]
                where:
                  - dyn_warmup_steps % 20 == 10 or max(dyn_min_active_layers, 5) * 2 - 1 >= 11
                  - abs(-dyn_min_active_layers) / 2 >= 1
                """)
        // (dyn_warmup_steps 10 or 30) or min = 6 → 2·3 points + (6, 20).
        #expect(p.jobs.count == 7)
        #expect(p.dropped == 2)
    }

    @Test func seedsMakeIndependentJobs() throws {
        let p = try plan(header + "seeds: {from: 1, to: 3, step: 1}\nschedules: [full_update]\n")
        #expect(p.jobs.map(\.seed) == [1, 2, 3])
        #expect(Set(p.jobs.map(\.id)).count == 3)
    }

    @Test func defaultsAreOneSeedAndEverySchedule() throws {
        let p = try plan(header)
        #expect(p.jobs.map(\.schedule) == [.fullUpdate, .staticSuffix, .dynamicSuffix])
        #expect(p.jobs.allSatisfy { $0.seed == 42 && $0.params.isEmpty && $0.dependsOn.isEmpty })
        #expect(p.runner == .builtin && p.rules == Rules() && p.execution == ExecutionSettings())
    }

    @Test func commandRunnerMakesOneJobPerPointAndSeedWithTheUsersNames() throws {
        let p = try plan(
            header + """
                runner:
                  command: [python, train.py, --width, "{width}", --seed, "{seed}", --out, "{result}"]
                base:
                  optimizer: adam
                grid:
                  width: [128, 256]
                seeds: [1, 2]
                """)
        #expect(p.jobs.count == 4)
        #expect(p.jobs.allSatisfy { $0.schedule == nil && $0.params["optimizer"] == .string("adam") })
        #expect(p.jobs.map { $0.params["width"] } == [.int(128), .int(128), .int(256), .int(256)])
    }

    @Test func executionRulesAndRunnerAreCarriedIntoThePlan() throws {
        let p = try plan(
            header + """
                runner: torch
                execution:
                  devices: [cuda:0, cuda:1]
                  threads: 2
                  parallel: 2
                  timeout: 1h30m
                  retries: 0
                  backend: slurm
                  partition: gpu
                  account: lab
                  sbatch_args: [--gres=gpu:1]
                rules:
                  min_speedup: 1.25
                  max_val_loss_increase: 0.05
                """)
        #expect(p.runner == .torch)
        #expect(
            p.execution
                == ExecutionSettings(
                    devices: [.cuda(index: 0), .cuda(index: 1)], threads: 2, parallel: 2, timeoutSeconds: 5400,
                    retries: 0,
                    backend: .slurm(SlurmSettings(partition: "gpu", account: "lab", sbatchArgs: ["--gres=gpu:1"]))))
        #expect(p.rules == Rules(minSpeedup: 1.25, maxValLossIncrease: 0.05))
    }
}
