/// Which clock an equal-time budget reads (`--equal-time-clock`, the sweep's
/// `execution.equal_time_clock`): the wall clock, as the reference does, or the modelled clock
/// of a calibration, which machine load cannot move.
package enum EqualTimeClock: String, Sendable, CaseIterable, Codable {
    case wall, modelled
}
