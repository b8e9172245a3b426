import Vocabulary

/// Prefix forking in the engine (docs/benchmark.md, "Prefix forking").
extension BenchRun {
    /// A dependent's first `fork.step` steps, taken from its source's record: its planner
    /// is replayed over the baseline's losses and relevance statistics exactly as its own run
    /// would have driven it, and each step is charged the baseline's measured time. Returns why
    /// the record cannot stand in for those steps, or nil when it can.
    func replay(
        _ fork: ForkStart, planner: inout any StepPlanner, steps: inout StepLog, timeBudgetMs: Double?
    ) -> String? {
        let c = config
        let n = c.nLayers
        let budgetClockIsModelled = modelledClock?.drivesTimeBudget == true
        if timeBudgetMs != nil && !budgetClockIsModelled {
            return "its equal-time budget reads the wall clock"
        }
        guard fork.losses.count >= fork.step, fork.stepTimesMs.count >= fork.step else {
            return "the record holds \(fork.losses.count) steps, fewer than the fork step \(fork.step)"
        }
        guard fork.snapshot.step == fork.step else {
            return "the snapshot is of step \(fork.snapshot.step), not the fork step \(fork.step)"
        }
        for step in 0..<fork.step {
            let budgetElapsed = budgetClockIsModelled ? steps.modelled : steps.elapsed
            if let budget = timeBudgetMs, budgetElapsed >= budget, step >= max(1, c.warmupIgnoreSteps) {
                return "its budget runs out at step \(step), before the fork step \(fork.step)"
            }
            let plan = planner.plan(step: step, elapsedMs: budgetElapsed, losses: steps.losses)
            let sourceActive = step < fork.activeLayers.count ? fork.activeLayers[step] : n
            guard plan.activeStart == n - sourceActive else {
                return "it trains \(n - plan.activeStart) of \(n) blocks at step \(step), its source \(sourceActive), "
                    + "before the fork step \(fork.step)"
            }
            let loss = fork.losses[step]
            if plan.isProbe {
                let scores = fork.relevance[step]?.compactMap { $0.score(c.dynRelevanceMetric, eps: c.dynEps) } ?? []
                guard scores.count == n else {
                    return "the record has no \(c.dynRelevanceMetric.rawValue) relevance for its probe at step \(step)"
                }
                planner.recordProbe(step: step, loss: loss, scores: scores)
            }
            steps.append(
                ms: fork.stepTimesMs[step], loss: loss, active: sourceActive,
                cost: modelledClock.map {
                    Self.calibratedCost($0.costs, activeLayers: sourceActive, probe: plan.isProbe)
                },
                halfwidth: modelledClock?.halfwidth(activeLayers: sourceActive, probe: plan.isProbe))
        }
        return nil
    }

    /// A source's step (every block trains) that also records every block's relevance
    /// statistics for its dependents. With `own`, the run probes in this step: its own
    /// metric's statistics are part of the step as usual; the rest of the bookkeeping is left
    /// out of the step's time, so the source's measured times stay its own.
    static func timedRecordingStep(
        trainer: Trainer, input: FloatBuffer, target: FloatBuffer, own: RelevanceMetric?
    ) -> (loss: Double, ms: Double, relevance: [BlockRelevance]) {
        let clock = ContinuousClock()
        var stats = [BlockRelevance](
            repeating: BlockRelevance(gradSquares: nil, weightSquares: nil, absProduct: nil), count: trainer.nLayers)
        var bookkeeping = Duration.zero
        let began = clock.now
        let loss = trainer.trainStep(input: input, target: target, activeStart: 0) { block in
            if let own { stats[block] = trainer.relevanceStatistics(block: block, metric: own) }
            let t0 = clock.now
            let all = trainer.relevanceStatistics(block: block)
            if own == nil {
                stats[block] = all
            } else {
                stats[block].gradSquares = stats[block].gradSquares ?? all.gradSquares
                stats[block].weightSquares = stats[block].weightSquares ?? all.weightSquares
                stats[block].absProduct = stats[block].absProduct ?? all.absProduct
            }
            bookkeeping += t0.duration(to: clock.now)
        }
        let took = began.duration(to: clock.now) - bookkeeping
        return (loss, Self.milliseconds(took), stats)
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
    }
}
