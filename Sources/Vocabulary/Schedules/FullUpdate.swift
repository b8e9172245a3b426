/// full_update: every block trains on every step. The baseline every other schedule is paired
/// with and judged against (docs/benchmark.md, "full_update").
package struct FullUpdate: ScheduleKind {
    package var schedule: Schedule { .fullUpdate }
    package var idPrefix: String { "full" }
    package var role: ScheduleRole { .baseline }
    package var forking: ForkRole { .source }
    package var chartColor: String { "#3b6fb6" }

    package func stepShapes(_ c: BenchConfig) -> (activeCounts: Set<Int>, probes: Bool) {
        ([max(c.nLayers, 1)], false)
    }

    package func stepPlanner(_ c: BenchConfig, budgetMs: Double?, limit: Int) -> any StepPlanner {
        FixedSuffixPlanner(activeStart: 0)
    }

    package func notes(_ c: BenchConfig) -> String { "full update" }

    package func fixedActiveLayers(_ c: BenchConfig) -> Int? { c.nLayers }

    package func expectedShape(_ c: BenchConfig) -> (suffixShare: Double, activeLayers: Double) {
        (0, Double(c.nLayers))
    }
}
