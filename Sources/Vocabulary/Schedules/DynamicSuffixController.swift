/// The dynamic_suffix state machine (docs/benchmark.md, "dynamic_suffix"): decides each step's active
/// start, and learns from probe steps. It sees losses and times, never the weights.
package struct DynamicSuffixController: StepPlanner {
    /// How far along the run is: by steps, or by elapsed time under an equal-time budget.
    package enum Progress: Sendable, Equatable {
        case steps(limit: Int)
        case time(budgetMs: Double, stepsLimit: Int)
    }

    package let config: BenchConfig
    package let progress: Progress
    package let minActive: Int
    package let maxCap: Int
    package private(set) var budget: Int
    package private(set) var dynamicStart: Int
    package private(set) var freezeEnabled = false
    package private(set) var emaScores: [Double]
    package private(set) var probeLossEma: Double?
    package private(set) var bestProbeLoss: Double?
    package private(set) var probeCount = 0
    package private(set) var events: [TraceEvent] = []
    private var recoveryStage: String?
    private let recovery: FinalRecovery
    private let stability: StabilityTest

    package init(config: BenchConfig, progress: Progress) {
        let n = config.nLayers
        self.config = config
        self.progress = progress
        minActive = config.dynMinActiveCount
        maxCap = config.dynMaxActiveCount
        budget = maxCap
        dynamicStart = n - maxCap
        emaScores = Array(repeating: 0, count: n)
        recovery = FinalRecovery(config: config, minActive: minActive)
        stability = StabilityTest(
            window: config.dynStabilityWindow, maxRelChange: config.dynStabilityRelChange,
            maxCV: config.dynStabilityCv)
    }

    /// Decides step `step` given the time spent so far and the train losses of earlier steps.
    package mutating func plan(step: Int, elapsedMs: Double, losses: [Double]) -> StepPlan {
        let n = config.nLayers
        if !freezeEnabled { openFreezeGateIfReady(step: step, elapsedMs: elapsedMs, losses: losses) }
        let recoveryProgress = finalRecoveryProgress(step: step, elapsedMs: elapsedMs)
        var recoveryStart: Int?
        if let p = recoveryProgress {
            let (layers, stage) = recovery.activeLayers(progress: p, currentActive: n - dynamicStart)
            recoveryStart = n - layers
            if stage != recoveryStage {
                recoveryStage = stage
                events.append(
                    .recovery(
                        RecoveryEvent(
                            step: step, mode: recovery.mode, stage: stage,
                            progress: p, activeLayers: layers)))
            }
        }
        let isProbe = recoveryProgress == nil && isProbeStep(step)
        let start: Int
        if !freezeEnabled {
            start = 0
        } else if let recoveryStart {
            start = recoveryStart
        } else if isProbe {
            start = 0
        } else {
            start = dynamicStart
        }
        return StepPlan(activeStart: start, isProbe: isProbe)
    }

    /// Learns from a probe step: adapts the budget to the probe-loss trend, updates the
    /// relevance EMA and picks the next active start.
    package mutating func recordProbe(step: Int, loss: Double, scores: [Double]) {
        probeCount += 1
        let emaPrev = probeLossEma
        if let ema = probeLossEma {
            if config.dynAdaptBudget {
                if loss > ema * config.dynLossUpper {
                    budget = min(budget + config.dynBudgetStepUp, maxCap)
                } else if loss < ema * config.dynLossLower {
                    budget = max(budget - config.dynBudgetStepDown, minActive)
                }
            }
            let d = config.dynLossEmaDecay
            probeLossEma = d * ema + (1 - d) * loss
        } else {
            probeLossEma = loss
        }
        bestProbeLoss = min(bestProbeLoss ?? loss, loss)
        let d = config.dynEmaDecay
        for i in emaScores.indices where i < scores.count {
            emaScores[i] = d * emaScores[i] + (1 - d) * scores[i]
        }
        dynamicStart = chooseActiveStart(
            scores: emaScores, threshold: config.dynRelevanceThreshold,
            minActive: minActive, maxActive: budget)
        events.append(
            .probe(
                ProbeEvent(
                    step: step, freezeEnabled: freezeEnabled, probeLoss: loss, bestProbeLoss: bestProbeLoss,
                    probeLossEmaPrev: emaPrev, probeLossEma: probeLossEma, activeBudget: budget,
                    activeStartNext: dynamicStart, activeLayersNext: config.nLayers - dynamicStart,
                    emaScores: emaScores)))
    }

    func isProbeStep(_ step: Int) -> Bool {
        step < config.dynWarmupSteps
            || (config.dynProbeEvery > 0 && step % config.dynProbeEvery == 0)
            || (config.dynRefreshEvery > 0 && step % config.dynRefreshEvery == 0)
    }

    private mutating func openFreezeGateIfReady(step: Int, elapsedMs: Double, losses: [Double]) {
        let reachedStart: Bool
        switch progress {
        case .time(let budgetMs, _):
            reachedStart = elapsedMs >= config.dynFreezeStartFrac * budgetMs
        case .steps(let limit):
            if config.dynFreezeStartStep >= 0 {
                reachedStart = step >= config.dynFreezeStartStep
            } else {
                reachedStart = Double(step) >= (config.dynFreezeStartFrac * Double(limit)).rounded(.toNearestOrEven)
            }
        }
        guard reachedStart else { return }
        // The test runs whether or not it gates, so the trace says how stable the loss really
        // was when freezing began (nil: fewer than 2W losses, the test could not run).
        let outcome = stability.evaluate(losses)
        if config.dynRequireStable, outcome?.stable != true { return }
        freezeEnabled = true
        let trigger = FreezeTrigger(
            reachedStart: true, stableOk: outcome?.stable ?? false, prevMean: outcome?.prevMean,
            currMean: outcome?.currMean, relChange: outcome?.relChange, cv: outcome?.cv,
            window: stability.window)
        events.append(.freeze(FreezeEvent(step: step, freezeEnabled: true, trigger: trigger)))
    }

    /// Progress in [0, 1] through the final-recovery window, or nil outside it.
    func finalRecoveryProgress(step: Int, elapsedMs: Double) -> Double? {
        let frac = config.dynFinalFullFrac
        guard frac > 0 else { return nil }
        switch progress {
        case .time(let budgetMs, _):
            let start = (1 - frac) * budgetMs
            guard elapsedMs >= start else { return nil }
            return min(max((elapsedMs - start) / (frac * budgetMs), 0), 1)
        case .steps(let limit):
            let start = Int((1 - frac) * Double(limit))
            guard step >= start else { return nil }
            let span = max(limit - start, 1)
            return min(max(Double(step - start) / Double(span), 0), 1)
        }
    }
}
