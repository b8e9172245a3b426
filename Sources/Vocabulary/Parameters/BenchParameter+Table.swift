extension BenchParameter {
    private static let every = Set(Schedule.allCases)
    /// Every schedule but the baseline: what a time budget against the baseline applies to.
    private static let timed = Set(Schedule.allCases.filter { $0.kind.role != .baseline })

    /// Every flag of the reference benchmark except `--json-out` (an output, not a setting),
    /// in the reference's order: the shared ones, then each schedule's own (its file's
    /// `ownParameters`) in the registry's order.
    package static let all: [BenchParameter] = shared + Schedule.allCases.flatMap { $0.kind.ownParameters }

    /// The parameters every schedule, or every timed one, reads.
    private static let shared: [BenchParameter] = [
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
            schedules: every, help: "first step times left out of the step-time statistics")
    ]
}
