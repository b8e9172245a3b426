import Vocabulary

/// What prefix forking does for a plan, for `blocksweep plan`: how many dynamic_suffix jobs
/// fork from their baseline, the share of the plan's compute that saves by the cost model, and
/// why the others do not fork (docs/sweep-file.md, `execution.fork`).
package struct ForkEstimate: Sendable, Equatable {
    package var forked: Int
    package var dynamic: Int
    /// Forked jobs whose source is a dynamic_suffix sibling (ForkChains).
    package var fromSiblings = 0
    /// Estimated FLOPs not computed, and the plan's FLOPs without forking.
    package var savedFlops: Double
    package var totalFlops: Double
    /// Why the dynamic_suffix jobs that do not fork do not, nil when all do.
    package var reason: String?
    /// A torch plan that forks: its jobs run with deterministic kernels (TorchRunner), without
    /// which a forked run on a GPU would not equal its run from step 0.
    package var deterministicKernels = false

    package var savedShare: Double { totalFlops > 0 ? savedFlops / totalFlops : 0 }

    /// Nil for runners that do not fork (a command) or plans without dynamic_suffix jobs.
    /// `totalFlops`: the plan's FLOPs where the caller has them (CostEstimate.of's `flops`, the
    /// same sum), so that `plan` does not price a million jobs twice.
    package static func of(_ plan: Plan, totalFlops: Double? = nil) -> ForkEstimate? {
        if case .command = plan.runner { return nil }
        var e = ForkEstimate(forked: 0, dynamic: 0, savedFlops: 0, totalFlops: totalFlops ?? 0, reason: nil)
        var timedOnWall = 0
        for i in plan.jobs.indices {
            if totalFlops == nil { e.totalFlops += CostEstimate.jobFlops(plan.jobs[i]) }
            guard let schedule = plan.jobs[i].schedule, schedule.kind.forking == .dependent else { continue }
            e.dynamic += 1
            if let source = plan.jobs[i].forkFrom {
                e.forked += 1
                if source.hasPrefix(JobBuilder.idPrefix(schedule) + "-") { e.fromSiblings += 1 }
                e.savedFlops += CostEstimate.forkedPrefixFlops(plan.jobs[i])
            } else if plan.jobs[i].params["equal_time_budget"] == .bool(true) {
                timedOnWall += 1
            }
        }
        guard e.dynamic > 0 else { return nil }
        let rest = e.dynamic - e.forked
        e.deterministicKernels = plan.deterministicKernels
        if rest > 0 {
            if !plan.execution.fork {
                e.reason = "execution.fork is false"
            } else if timedOnWall > 0 && plan.execution.equalTimeClock == .wall {
                e.reason =
                    "their equal-time budget reads the wall clock (equal_time_clock: wall), so the step where each "
                    + "first freezes a block depends on the machine's load and cannot be known in advance"
            } else {
                e.reason = "no full_update run of their point and seed to fork from (add full_update to schedules)"
            }
        }
        return e
    }

    /// The plan's line: "prefix forking: on for 16 of 16 dynamic_suffix jobs, saves ≈ 24% of the compute".
    package var text: String {
        var out: String
        if forked == 0 {
            out = "prefix forking: off"
        } else {
            out =
                "prefix forking: on for \(forked) of \(dynamic) dynamic_suffix jobs (each starts from its full_update "
                + "baseline's state where it first freezes a block"
                + (fromSiblings > 0
                    ? ", or from a sibling's where the two first differ: \(fromSiblings) \(fromSiblings == 1 ? "has" : "have") one"
                    : "")
                + "); saves ≈ \(NumberText.fixed(savedShare * 100, 0))% of the compute"
                + (fromSiblings > 0 ? " from the baselines alone, more from the siblings" : "")
        }
        if let reason { out += forked == 0 ? ": \(reason)" : "; \(dynamic - forked) do not fork: \(reason)" }
        if deterministicKernels {
            out +=
                "; with execution.fork on, torch jobs run with deterministic kernels (torch.use_deterministic_algorithms, "
                + "CUBLAS_WORKSPACE_CONFIG=:4096:8), so that a forked run equals its run from step 0 on a GPU too "
                + "(fork: false runs the fastest kernels, as other jobs with other ids)"
        }
        return out + "\n"
    }
}
