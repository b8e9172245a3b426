import Foundation

/// dynamic_suffix: a gradient-relevance-guided suffix with probe steps, an adaptive budget, a
/// stability-gated start and a final full-update recovery (docs/benchmark.md, "dynamic_suffix").
/// Its step plan is `DynamicSuffixController`. What the sweep is for: ranked and judged.
package struct DynamicSuffix: ScheduleKind {
    package var schedule: Schedule { .dynamicSuffix }
    package var idPrefix: String { "dyn" }
    package var role: ScheduleRole { .candidate }
    package var forking: ForkRole { .dependent }
    package var chartColor: String { "#2f9e44" }

    package var ownParameters: [BenchParameter] {
        [
            .init(
                name: "dyn_warmup_steps", binding: .int(\.dynWarmupSteps), domain: .nonNegativeInt,
                schedules: [.dynamicSuffix], help: "first steps that are all probe steps"),
            .init(
                name: "dyn_probe_every", binding: .int(\.dynProbeEvery), domain: .nonNegativeInt,
                schedules: [.dynamicSuffix], help: "probe interval in steps (0: off)"),
            .init(
                name: "dyn_refresh_every", binding: .int(\.dynRefreshEvery), domain: .nonNegativeInt,
                schedules: [.dynamicSuffix], help: "refresh interval in steps (0: off)"),
            .init(
                name: "dyn_relevance_metric", binding: .metric,
                domain: .choice(RelevanceMetric.allCases.map(\.rawValue)), schedules: [.dynamicSuffix],
                help: "per-block relevance: grad_ratio or saliency_abs_gp"),
            .init(
                name: "dyn_relevance_threshold", binding: .double(\.dynRelevanceThreshold), domain: .unitInterval,
                schedules: [.dynamicSuffix], help: "share of total relevance the active suffix must cover"),
            .init(
                name: "dyn_min_active_layers", binding: .int(\.dynMinActiveLayers), domain: .positiveInt,
                schedules: [.dynamicSuffix], help: "fewest active blocks"),
            .init(
                name: "dyn_max_active_layers", binding: .int(\.dynMaxActiveLayers), domain: .nonNegativeInt,
                schedules: [.dynamicSuffix], help: "most active blocks (0: no cap)"),
            .init(
                name: "dyn_adapt_budget", binding: .bool(\.dynAdaptBudget), domain: .bool, schedules: [.dynamicSuffix],
                help: "move the active budget with the probe-loss trend"),
            .init(
                name: "dyn_freeze_start_step", binding: .int(\.dynFreezeStartStep), domain: .anyInt,
                schedules: [.dynamicSuffix], help: "step from which freezing may start (-1: use the fraction)"),
            .init(
                name: "dyn_freeze_start_frac", binding: .double(\.dynFreezeStartFrac), domain: .fraction,
                schedules: [.dynamicSuffix], help: "share of the run (steps or time) before freezing may start"),
            .init(
                name: "dyn_require_stable", binding: .bool(\.dynRequireStable), domain: .bool,
                schedules: [.dynamicSuffix],
                help: "also wait for a stable train loss before freezing"),
            .init(
                name: "dyn_stability_window", binding: .int(\.dynStabilityWindow), domain: .positiveInt,
                schedules: [.dynamicSuffix], help: "W: losses per window of the stability test"),
            .init(
                name: "dyn_stability_rel_change", binding: .double(\.dynStabilityRelChange),
                domain: .nonNegativeDouble, schedules: [.dynamicSuffix], help: "largest relative change between windows"
            ),
            .init(
                name: "dyn_stability_cv", binding: .double(\.dynStabilityCv), domain: .nonNegativeDouble,
                schedules: [.dynamicSuffix], help: "largest coefficient of variation in the last window"),
            .init(
                name: "dyn_final_full_frac", binding: .double(\.dynFinalFullFrac), domain: .openFraction,
                schedules: [.dynamicSuffix], help: "share of the run at the end spent in final recovery (0: none)"),
            .init(
                name: "dyn_final_recovery_mode", binding: .recoveryMode,
                domain: .choice(RecoveryMode.allCases.map(\.rawValue)), schedules: [.dynamicSuffix],
                help: "final recovery: full or staged"),
            .init(
                name: "dyn_final_recovery_stage1_progress", binding: .double(\.dynFinalRecoveryStage1Progress),
                domain: .fraction, schedules: [.dynamicSuffix], help: "recovery progress where stage 2 starts"),
            .init(
                name: "dyn_final_recovery_stage2_progress", binding: .double(\.dynFinalRecoveryStage2Progress),
                domain: .fraction, schedules: [.dynamicSuffix], help: "recovery progress where all blocks train"),
            .init(
                name: "dyn_final_recovery_stage1_layers", binding: .int(\.dynFinalRecoveryStage1Layers),
                domain: .positiveInt, schedules: [.dynamicSuffix], help: "least active blocks in recovery stage 1"),
            .init(
                name: "dyn_final_recovery_stage2_layers", binding: .int(\.dynFinalRecoveryStage2Layers),
                domain: .positiveInt, schedules: [.dynamicSuffix], help: "least active blocks in recovery stage 2"),
            .init(
                name: "dyn_loss_upper", binding: .double(\.dynLossUpper), domain: .positiveDouble,
                schedules: [.dynamicSuffix], help: "probe loss above ema × this raises the budget"),
            .init(
                name: "dyn_loss_lower", binding: .double(\.dynLossLower), domain: .positiveDouble,
                schedules: [.dynamicSuffix], help: "probe loss below ema × this lowers the budget"),
            .init(
                name: "dyn_budget_step_up", binding: .int(\.dynBudgetStepUp), domain: .nonNegativeInt,
                schedules: [.dynamicSuffix], help: "blocks added when the budget rises"),
            .init(
                name: "dyn_budget_step_down", binding: .int(\.dynBudgetStepDown), domain: .nonNegativeInt,
                schedules: [.dynamicSuffix], help: "blocks removed when the budget falls"),
            .init(
                name: "dyn_loss_ema_decay", binding: .double(\.dynLossEmaDecay), domain: .openFraction,
                schedules: [.dynamicSuffix], help: "decay of the probe-loss EMA"),
            .init(
                name: "dyn_ema_decay", binding: .double(\.dynEmaDecay), domain: .openFraction,
                schedules: [.dynamicSuffix], help: "decay of the per-block relevance EMA"),
            .init(
                name: "dyn_eps", binding: .double(\.dynEps), domain: .positiveDouble,
                schedules: [.dynamicSuffix], help: "epsilon of grad_ratio")
        ]
    }

    package func stepShapes(_ c: BenchConfig) -> (activeCounts: Set<Int>, probes: Bool) {
        let n = max(c.nLayers, 1)
        // Full steps before the freeze gate opens and in a full recovery; probes; between
        // them the active count stays within floor…cap (SuffixChoice, the adaptive budget).
        var counts: Set<Int> = [n]
        counts.formUnion(c.dynMinActiveCount...c.dynMaxActiveCount)
        // A staged recovery trains max(current, stage layers), kept within floor…n_layers.
        if c.dynFinalFullFrac > 0, c.dynFinalRecoveryMode == .staged {
            counts.formUnion(c.dynMinActiveCount...n)
        }
        return (counts, true)
    }

    package func stepPlanner(_ c: BenchConfig, budgetMs: Double?, limit: Int) -> any StepPlanner {
        controller(c, budgetMs: budgetMs, limit: limit)
    }

    /// The controller of a run: progress by time under a budget, else by steps.
    package func controller(_ c: BenchConfig, budgetMs: Double?, limit: Int) -> DynamicSuffixController {
        let progress: DynamicSuffixController.Progress =
            budgetMs.map { .time(budgetMs: $0, stepsLimit: limit) } ?? .steps(limit: limit)
        return DynamicSuffixController(config: c, progress: progress)
    }

    package func notes(_ c: BenchConfig) -> String {
        // The reference script's format, metric always named.
        var text = "dynamic relevance-guided active suffix (metric=\(c.dynRelevanceMetric.rawValue))"
        if c.dynAdaptBudget { text += " + adaptive budget" }
        if c.dynRequireStable { text += " + stability-gated freeze" }
        if c.dynFinalFullFrac > 0 {
            text += " + final_recovery=\(c.dynFinalRecoveryMode.rawValue)@frac=\(c.dynFinalFullFrac)"
        }
        return text
    }

    package var degenerateSetting: (name: String, value: @Sendable (BenchConfig) -> Int)? {
        ("dyn_min_active_layers", { $0.dynMinActiveLayers })
    }

    package func fixedActiveLayers(_ c: BenchConfig) -> Int? { nil }

    package func expectedShape(_ c: BenchConfig) -> (suffixShare: Double, activeLayers: Double) {
        // Full steps until freezing may start, then on average halfway between floor and cap.
        let share = max(1 - min(max(c.dynFreezeStartFrac, 0), 1) - min(max(c.dynFinalFullFrac, 0), 1), 0)
        return (share, Double(c.dynMinActiveCount + c.dynMaxActiveCount) / 2)
    }

    /// The guide's quality remedies as next values: more layers kept active (min and max + 2;
    /// the min at most n_layers − 1, since a floor of every block is the same work as
    /// full_update and sweeps refuse it; the max at most n_layers), probing twice as often, a
    /// relevance threshold halfway closer to 1. A setting already at its limit gets no remedy.
    package func qualityRemedies(_ c: BenchConfig) -> [Remedy] {
        let n = c.nLayers
        var out: [Remedy] = []
        let minNow = c.dynMinActiveLayers
        let minNext = min(minNow + 2, n - 1)
        if minNext > minNow {
            out.append(
                Remedy(
                    parameter: "dyn_min_active_layers", from: .int(minNow), to: .int(minNext),
                    why: "keep more blocks training"))
        }
        // 0 means no cap: every block may already train.
        let maxNow = c.dynMaxActiveLayers
        if maxNow > 0 {
            let maxNext = max(min(maxNow + 2, n), minNext)
            if maxNext > maxNow {
                out.append(
                    Remedy(
                        parameter: "dyn_max_active_layers", from: .int(maxNow), to: .int(maxNext),
                        why: "let the budget grow further"))
            }
        }
        let probeNow = c.dynProbeEvery
        if probeNow > 1 {
            out.append(
                Remedy(
                    parameter: "dyn_probe_every", from: .int(probeNow), to: .int(probeNow / 2),
                    why: "probe twice as often"))
        }
        let thrNow = c.dynRelevanceThreshold
        if thrNow < 1 {
            // Halfway to 1, on a 0.005 grid so the sweep file stays readable.
            let raw = thrNow + (1 - thrNow) / 2
            let rounded = (raw * 200).rounded() / 200
            let next = min(1, rounded > thrNow ? rounded : thrNow + 0.005)
            out.append(
                Remedy(
                    parameter: "dyn_relevance_threshold", from: .double(thrNow), to: .double(next),
                    why: "cover more of the relevance"))
        }
        return out
    }

    package func speedLimits(
        _ c: BenchConfig, probes: Double?, steps: Double?, minSpeedup: Double, activeLayersAllowed kNeeded: Double
    ) -> [String] {
        let n = c.nLayers
        var out: [String] = []
        if let probes, probes > 0, let steps, steps > 0 {
            out.append(
                "\(NumberText.fixed(probes, 0, nonFinite: "n/a")) probe steps "
                    + "(\(NumberText.fixed(100 * probes / steps, 1, nonFinite: "n/a"))% of "
                    + "\(NumberText.fixed(steps, 0, nonFinite: "n/a")) steps) train all \(n.counted("layer"))")
        }
        if c.dynFinalFullFrac > 0 {
            out.append(
                "final recovery (\(c.dynFinalRecoveryMode.rawValue)) trains more layers over the last "
                    + "\(NumberText.fixed(100 * c.dynFinalFullFrac, 0, nonFinite: "n/a"))% of the run")
        }
        if Double(c.dynMinActiveLayers) > kNeeded {
            out.append(
                "dyn_min_active_layers \(c.dynMinActiveLayers) alone is above the "
                    + "\(NumberText.fixed(max(0, kNeeded), 1, nonFinite: "n/a")) active layers "
                    + "\(NumberText.times(minSpeedup, 2)) allows")
        }
        return out
    }
}
