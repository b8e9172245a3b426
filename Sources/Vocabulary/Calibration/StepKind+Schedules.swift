/// Which step kinds a schedule can take: what a calibration must measure to price its runs
/// (the planner asks before calibrating, `bench --calibration` before training).
extension StepKind {
    /// Every kind a run of `schedule` with `config` may take, in calibration order: the
    /// schedule's own `stepShapes`, a superset where the run decides at run time.
    package static func taken(by schedule: Schedule, config c: BenchConfig) -> [StepKind] {
        let shapes = schedule.kind.stepShapes(c)
        return ordered(counts: shapes.activeCounts, probes: shapes.probes, nLayers: max(c.nLayers, 1))
    }

    /// The union of the kinds taken by several runs, in calibration order.
    package static func taken(by runs: [(schedule: Schedule, config: BenchConfig)]) -> [StepKind] {
        let kinds = Set(runs.flatMap { taken(by: $0.schedule, config: $0.config) })
        let n = runs.map { max($0.config.nLayers, 1) }.max() ?? 1
        return all(nLayers: n).filter(kinds.contains)
    }

    private static func ordered(counts: Set<Int>, probes: Bool, nLayers n: Int) -> [StepKind] {
        (1...n).filter(counts.contains).map(StepKind.active) + (probes ? [.probe] : [])
    }
}
