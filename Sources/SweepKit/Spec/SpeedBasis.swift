/// Which speedup the verdicts read (the sweep's `rules.speed`, `report --speed`): the one from
/// calibrated step costs (modelled), which machine load cannot move, or the timed one (measured).
package enum SpeedBasis: String, Sendable, CaseIterable, Codable {
    case modelled, measured
}
