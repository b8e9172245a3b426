import Vocabulary

/// A full_update baseline's view of the dynamic_suffix jobs that will fork from it: each one's
/// controller, run beside the baseline's own training on the baseline's losses, until the step
/// where that job would first train fewer than every block, or stop (its divergence step).
/// Until then the job does exactly what the baseline does, so that step is where it forks; the
/// baseline snapshots its state there, and records the relevance statistics of every step a
/// dependent probes before it (docs/benchmark.md, "Prefix forking").
struct ForkShadows {
    private struct Shadow {
        var job: String
        var config: BenchConfig
        var controller: DynamicSuffixController
        /// The dependent's equal-time budget on the modelled clock, nil in step mode.
        var budgetMs: Double?
        var modelled = 0.0
        /// Whether this step is one of its probes (set by beforeStep).
        var probing = false
    }

    private var live: [Shadow] = []
    private let costs: StepCosts?
    /// Where each dependent forks, once known.
    private(set) var forkSteps: [String: Int] = [:]
    /// Dependents that cannot fork, and why.
    private(set) var refused: [(job: String, reason: String)] = []

    /// `modelledBudgetMs`: the baseline's modelled elapsed time once its `steps` steps are
    /// done, which is the equal-time budget of a dependent on the modelled clock.
    init(dependents: [ForkDependent], baseline: BenchConfig, modelledClock: ModelledClock?, modelledBudgetMs: Double?) {
        costs = modelledClock?.costs
        for d in dependents {
            if let reason = Self.incompatibility(d.config, baseline: baseline, modelledClock: modelledClock) {
                refused.append((d.job, reason))
                continue
            }
            let budget = d.config.equalTimeBudget ? modelledBudgetMs : nil
            let limit = BenchRun.stepsLimit(d.config, timeBudgetMs: budget)
            live.append(
                Shadow(
                    job: d.job, config: d.config,
                    controller: BenchRun.controller(d.config, timeBudgetMs: budget, stepsLimit: limit),
                    budgetMs: budget))
        }
    }

    /// Why a dependent's run cannot be taken from this baseline's, or nil when it can.
    static func incompatibility(_ c: BenchConfig, baseline: BenchConfig, modelledClock: ModelledClock?) -> String? {
        for p in BenchParameter.all where p.schedules.contains(.fullUpdate) && p.name != "device" {
            let theirs = p.value(in: c)
            let ours = p.value(in: baseline)
            if theirs != ours, theirs.number == nil || theirs.number != ours.number {
                return "its \(p.name) is \(theirs), the baseline's \(ours)"
            }
        }
        if c.equalTimeBudget && modelledClock?.drivesTimeBudget != true {
            return "its equal-time budget reads the wall clock, so where it diverges cannot be known in advance"
        }
        return nil
    }

    var isEmpty: Bool { live.isEmpty }

    /// Before step `step`: the dependents that diverge here (they fork from the state now),
    /// and whether any still following probes in this step (then its relevance is recorded).
    mutating func beforeStep(_ step: Int, losses: [Double]) -> (forkHere: [String], probing: Bool) {
        var forkHere: [String] = []
        var probing = false
        var kept: [Shadow] = []
        for var s in live {
            let stops =
                s.budgetMs.map { s.modelled >= $0 && step >= max(1, s.config.warmupIgnoreSteps) } ?? false
            let plan = stops ? nil : s.controller.plan(step: step, elapsedMs: s.modelled, losses: losses)
            if let plan, plan.activeStart == 0 {
                s.probing = plan.isProbe
                probing = probing || plan.isProbe
                kept.append(s)
            } else {
                forkHere.append(s.job)
                forkSteps[s.job] = step
            }
        }
        live = kept
        return (forkHere, probing)
    }

    /// After step `step` of the baseline (every block trained, loss `loss`, `stats` per block
    /// when some dependent probed): each dependent learns as its own run would.
    mutating func afterStep(_ step: Int, loss: Double, stats: [BlockRelevance]?) {
        for k in live.indices {
            let probe = live[k].probing
            if probe, let stats {
                let c = live[k].config
                let scores = stats.map { $0.score(c.dynRelevanceMetric, eps: c.dynEps) ?? .nan }
                live[k].controller.recordProbe(step: step, loss: loss, scores: scores)
            }
            if let costs { live[k].modelled += costs.cost(activeLayers: live[k].config.nLayers, probe: probe) }
        }
    }

    /// The baseline has ended after `step` steps: those still following fork from its end.
    mutating func finish(step: Int) -> [String] {
        let jobs = live.map(\.job)
        for job in jobs { forkSteps[job] = step }
        live = []
        return jobs
    }
}
