/// Which step kinds a schedule can take: what a calibration must measure to price its runs
/// (the planner asks before calibrating, `bench --calibration` before training).
extension StepKind {
    /// Every kind a run of `schedule` with `config` may take, in calibration order. A superset
    /// where the run decides at run time (dynamic_suffix's active count moves between its
    /// floor and cap), never a guess: each rule mirrors the schedule's code.
    package static func taken(by schedule: Schedule, config c: BenchConfig) -> [StepKind] {
        let n = max(c.nLayers, 1)
        var counts: Set<Int> = [n]
        var probes = false
        switch schedule {
        case .fullUpdate:
            break
        case .staticSuffix:
            counts.insert(c.staticActiveCount)
        case .dynamicSuffix:
            // Full steps before the freeze gate opens and in a full recovery; probes; between
            // them the active count stays within floor…cap (SuffixChoice, the adaptive budget).
            probes = true
            counts.formUnion(c.dynMinActiveCount...c.dynMaxActiveCount)
            // A staged recovery trains max(current, stage layers), kept within floor…n_layers.
            if c.dynFinalFullFrac > 0, c.dynFinalRecoveryMode == .staged {
                counts.formUnion(c.dynMinActiveCount...n)
            }
        }
        return ordered(counts: counts, probes: probes, nLayers: n)
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
