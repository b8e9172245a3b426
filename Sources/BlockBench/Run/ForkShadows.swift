import Vocabulary

/// A source run's view of the dynamic_suffix jobs that will fork from it (a full_update
/// baseline, or a dynamic_suffix sibling): each one's controller, run beside the source's own
/// training on the source's losses, until the step where that job would train other blocks
/// than the source does, or stop (its divergence step). Until then the job does exactly what
/// the source does, so that step is where it forks; the source snapshots its state there, and
/// records the relevance statistics of every step a dependent probes before it
/// (docs/benchmark.md, "Prefix forking").
struct ForkShadows {
    private struct Shadow {
        var job: String
        var config: BenchConfig
        var controller: any StepPlanner
        /// The dependent's equal-time budget on the modelled clock, nil in step mode.
        var budgetMs: Double?
        var modelled = 0.0
        /// Whether this step is one of its probes (set by beforeStep).
        var probing = false
    }

    /// The schedule whose runs fork (its forking role is `.dependent`).
    private static let dependentSchedule = Schedule.allCases.first { $0.kind.forking == .dependent }!

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
            if d.config.equalTimeBudget && modelledBudgetMs == nil {
                refused.append((d.job, "its equal-time budget is not known to this run"))
                continue
            }
            let budget = d.config.equalTimeBudget ? modelledBudgetMs : nil
            let limit = BenchRun.stepsLimit(d.config, timeBudgetMs: budget)
            live.append(
                Shadow(
                    job: d.job, config: d.config,
                    controller: Self.dependentSchedule.kind.stepPlanner(d.config, budgetMs: budget, limit: limit),
                    budgetMs: budget))
        }
    }

    /// Why a dependent's run cannot be taken from this baseline's, or nil when it can.
    static func incompatibility(_ c: BenchConfig, baseline: BenchConfig, modelledClock: ModelledClock?) -> String? {
        for p in BenchParameter.all where p.schedules.contains(.baseline) && p.name != "device" {
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

    /// Before step `step`, in which the source trains from block `sourceStart` on: the
    /// dependents that diverge here (they fork from the state now), and whether any still
    /// following probes in this step (then its relevance is recorded).
    mutating func beforeStep(_ step: Int, losses: [Double], sourceStart: Int) -> (forkHere: [String], probing: Bool) {
        var forkHere: [String] = []
        var probing = false
        var kept: [Shadow] = []
        for var s in live {
            let stops =
                s.budgetMs.map { s.modelled >= $0 && step >= max(1, s.config.warmupIgnoreSteps) } ?? false
            let plan = stops ? nil : s.controller.plan(step: step, elapsedMs: s.modelled, losses: losses)
            if let plan, plan.activeStart == sourceStart {
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

    /// After step `step` of the source (`activeLayers` trained, loss `loss`, `stats` per block
    /// when some dependent probed): each dependent learns as its own run would. One that
    /// probed without the statistics it reads cannot be followed further: it is refused.
    mutating func afterStep(_ step: Int, loss: Double, stats: [BlockRelevance]?, activeLayers: Int) {
        var kept: [Shadow] = []
        for var s in live {
            if s.probing {
                let c = s.config
                let scores = stats?.compactMap { $0.score(c.dynRelevanceMetric, eps: c.dynEps) } ?? []
                guard scores.count == c.nLayers else {
                    refused.append(
                        (s.job, "no \(c.dynRelevanceMetric.rawValue) relevance for its probe at step \(step)"))
                    continue
                }
                s.controller.recordProbe(step: step, loss: loss, scores: scores)
            }
            if let costs { s.modelled += BenchRun.calibratedCost(costs, activeLayers: activeLayers, probe: s.probing) }
            kept.append(s)
        }
        live = kept
    }

    /// Dependents that diverge where the source has no state of its own to snapshot (in the
    /// steps a forked source took from its own record): refused, they fork from elsewhere.
    mutating func refuse(_ jobs: [String], reason: String) {
        for job in jobs {
            forkSteps[job] = nil
            refused.append((job, reason))
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
