extension BenchParameter {
    private static let every = Set(Schedule.allCases)
    private static let timed: Set<Schedule> = [.staticSuffix, .dynamicSuffix]
    private static let dynamic: Set<Schedule> = [.dynamicSuffix]

    /// Every flag of the reference benchmark except `--json-out` (an output, not a setting),
    /// in the reference's order.
    package static let all: [BenchParameter] = [
        .init(
            name: "device", binding: .text(\.device), domain: .choice(["auto", "cuda", "cpu"]),
            schedules: every, help: "where to run: auto, cuda or cpu"),
        .init(
            name: "dtype", binding: .text(\.dtype), domain: .choice(["float32", "float16", "bfloat16"]),
            schedules: every, help: "compute type (the CPU engine always computes in float32)"),
        .init(
            name: "seed", binding: .int(\.seed), domain: .anyInt, schedules: every,
            help: "seed of weights and data"),
        .init(
            name: "dmodel", binding: .int(\.dmodel), domain: .positiveInt, schedules: every,
            help: "model width"),
        .init(
            name: "n_layers", binding: .int(\.nLayers), domain: .positiveInt, schedules: every,
            help: "number of residual blocks"),
        .init(
            name: "hidden_mult", binding: .int(\.hiddenMult), domain: .positiveInt, schedules: every,
            help: "hidden width = dmodel × hidden_mult"),
        .init(
            name: "batch_size", binding: .int(\.batchSize), domain: .positiveInt, schedules: every,
            help: "sequences per batch"),
        .init(
            name: "seq_len", binding: .int(\.seqLen), domain: .positiveInt, schedules: every,
            help: "rows per sequence"),
        .init(
            name: "steps", binding: .int(\.steps), domain: .positiveInt, schedules: every,
            help: "training steps (full_update always runs exactly these)"),
        .init(
            name: "equal_time_budget", binding: .bool(\.equalTimeBudget), domain: .bool, schedules: timed,
            help: "give static and dynamic the full run's wall-clock instead of its step count"),
        .init(
            name: "max_steps_multiplier", binding: .double(\.maxStepsMultiplier), domain: .positiveDouble,
            schedules: timed, help: "step cap under the equal-time budget, as a multiple of steps"),
        .init(
            name: "lr", binding: .double(\.lr), domain: .positiveDouble, schedules: every,
            help: "AdamW learning rate"),
        .init(
            name: "weight_decay", binding: .double(\.weightDecay), domain: .nonNegativeDouble, schedules: every,
            help: "AdamW decoupled weight decay"),
        .init(
            name: "teacher_noise", binding: .double(\.teacherNoise), domain: .nonNegativeDouble, schedules: every,
            help: "std of the noise between teacher and student weights"),
        .init(
            name: "val_batches", binding: .int(\.valBatches), domain: .positiveInt, schedules: every,
            help: "validation batches, drawn once"),
        .init(
            name: "warmup_ignore_steps", binding: .int(\.warmupIgnoreSteps), domain: .nonNegativeInt,
            schedules: every, help: "first step times left out of the step-time statistics"),
        .init(
            name: "static_active_layers", binding: .int(\.staticActiveLayers), domain: .positiveInt,
            schedules: [.staticSuffix], help: "K: blocks static_suffix trains (the top K)"),
        .init(
            name: "dyn_warmup_steps", binding: .int(\.dynWarmupSteps), domain: .nonNegativeInt,
            schedules: dynamic, help: "first steps that are all probe steps"),
        .init(
            name: "dyn_probe_every", binding: .int(\.dynProbeEvery), domain: .nonNegativeInt,
            schedules: dynamic, help: "probe interval in steps (0: off)"),
        .init(
            name: "dyn_refresh_every", binding: .int(\.dynRefreshEvery), domain: .nonNegativeInt,
            schedules: dynamic, help: "refresh interval in steps (0: off)"),
        .init(
            name: "dyn_relevance_metric", binding: .metric,
            domain: .choice(RelevanceMetric.allCases.map(\.rawValue)), schedules: dynamic,
            help: "per-block relevance: grad_ratio or saliency_abs_gp"),
        .init(
            name: "dyn_relevance_threshold", binding: .double(\.dynRelevanceThreshold), domain: .unitInterval,
            schedules: dynamic, help: "share of total relevance the active suffix must cover"),
        .init(
            name: "dyn_min_active_layers", binding: .int(\.dynMinActiveLayers), domain: .positiveInt,
            schedules: dynamic, help: "fewest active blocks"),
        .init(
            name: "dyn_max_active_layers", binding: .int(\.dynMaxActiveLayers), domain: .nonNegativeInt,
            schedules: dynamic, help: "most active blocks (0: no cap)"),
        .init(
            name: "dyn_adapt_budget", binding: .bool(\.dynAdaptBudget), domain: .bool, schedules: dynamic,
            help: "move the active budget with the probe-loss trend"),
        .init(
            name: "dyn_freeze_start_step", binding: .int(\.dynFreezeStartStep), domain: .anyInt,
            schedules: dynamic, help: "step from which freezing may start (-1: use the fraction)"),
        .init(
            name: "dyn_freeze_start_frac", binding: .double(\.dynFreezeStartFrac), domain: .fraction,
            schedules: dynamic, help: "share of the run (steps or time) before freezing may start"),
        .init(
            name: "dyn_require_stable", binding: .bool(\.dynRequireStable), domain: .bool, schedules: dynamic,
            help: "also wait for a stable train loss before freezing"),
        .init(
            name: "dyn_stability_window", binding: .int(\.dynStabilityWindow), domain: .positiveInt,
            schedules: dynamic, help: "W: losses per window of the stability test"),
        .init(
            name: "dyn_stability_rel_change", binding: .double(\.dynStabilityRelChange),
            domain: .nonNegativeDouble, schedules: dynamic, help: "largest relative change between windows"),
        .init(
            name: "dyn_stability_cv", binding: .double(\.dynStabilityCv), domain: .nonNegativeDouble,
            schedules: dynamic, help: "largest coefficient of variation in the last window"),
        .init(
            name: "dyn_final_full_frac", binding: .double(\.dynFinalFullFrac), domain: .openFraction,
            schedules: dynamic, help: "share of the run at the end spent in final recovery (0: none)"),
        .init(
            name: "dyn_final_recovery_mode", binding: .recoveryMode,
            domain: .choice(RecoveryMode.allCases.map(\.rawValue)), schedules: dynamic,
            help: "final recovery: full or staged"),
        .init(
            name: "dyn_final_recovery_stage1_progress", binding: .double(\.dynFinalRecoveryStage1Progress),
            domain: .fraction, schedules: dynamic, help: "recovery progress where stage 2 starts"),
        .init(
            name: "dyn_final_recovery_stage2_progress", binding: .double(\.dynFinalRecoveryStage2Progress),
            domain: .fraction, schedules: dynamic, help: "recovery progress where all blocks train"),
        .init(
            name: "dyn_final_recovery_stage1_layers", binding: .int(\.dynFinalRecoveryStage1Layers),
            domain: .positiveInt, schedules: dynamic, help: "least active blocks in recovery stage 1"),
        .init(
            name: "dyn_final_recovery_stage2_layers", binding: .int(\.dynFinalRecoveryStage2Layers),
            domain: .positiveInt, schedules: dynamic, help: "least active blocks in recovery stage 2"),
        .init(
            name: "dyn_loss_upper", binding: .double(\.dynLossUpper), domain: .positiveDouble,
            schedules: dynamic, help: "probe loss above ema × this raises the budget"),
        .init(
            name: "dyn_loss_lower", binding: .double(\.dynLossLower), domain: .positiveDouble,
            schedules: dynamic, help: "probe loss below ema × this lowers the budget"),
        .init(
            name: "dyn_budget_step_up", binding: .int(\.dynBudgetStepUp), domain: .nonNegativeInt,
            schedules: dynamic, help: "blocks added when the budget rises"),
        .init(
            name: "dyn_budget_step_down", binding: .int(\.dynBudgetStepDown), domain: .nonNegativeInt,
            schedules: dynamic, help: "blocks removed when the budget falls"),
        .init(
            name: "dyn_loss_ema_decay", binding: .double(\.dynLossEmaDecay), domain: .openFraction,
            schedules: dynamic, help: "decay of the probe-loss EMA"),
        .init(
            name: "dyn_ema_decay", binding: .double(\.dynEmaDecay), domain: .openFraction,
            schedules: dynamic, help: "decay of the per-block relevance EMA"),
        .init(
            name: "dyn_eps", binding: .double(\.dynEps), domain: .positiveDouble,
            schedules: dynamic, help: "epsilon of grad_ratio")
    ]
}
