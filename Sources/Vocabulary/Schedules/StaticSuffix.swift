/// static_suffix: the top K blocks train on every step, the others stay frozen
/// (docs/benchmark.md, "static_suffix"). Judged against full_update, shown beside it.
package struct StaticSuffix: ScheduleKind {
    package var schedule: Schedule { .staticSuffix }
    package var idPrefix: String { "static" }
    package var role: ScheduleRole { .reference }
    package var forking: ForkRole { .none }
    package var chartColor: String { "#e08a2c" }

    package var ownParameters: [BenchParameter] {
        [
            .init(
                name: "static_active_layers", binding: .int(\.staticActiveLayers), domain: .positiveInt,
                schedules: [.staticSuffix], help: "K: blocks static_suffix trains (the top K)")
        ]
    }

    package func stepShapes(_ c: BenchConfig) -> (activeCounts: Set<Int>, probes: Bool) {
        ([max(c.nLayers, 1), c.staticActiveCount], false)
    }

    package func stepPlanner(_ c: BenchConfig, budgetMs: Double?, limit: Int) -> any StepPlanner {
        FixedSuffixPlanner(activeStart: c.nLayers - c.staticActiveCount)
    }

    package func notes(_ c: BenchConfig) -> String { "static active suffix=\(c.staticActiveCount)" }

    package var degenerateSetting: (name: String, value: @Sendable (BenchConfig) -> Int)? {
        ("static_active_layers", { $0.staticActiveLayers })
    }

    package func fixedActiveLayers(_ c: BenchConfig) -> Int? { c.staticActiveCount }

    package func expectedShape(_ c: BenchConfig) -> (suffixShare: Double, activeLayers: Double) {
        (1, Double(c.staticActiveCount))
    }
}
