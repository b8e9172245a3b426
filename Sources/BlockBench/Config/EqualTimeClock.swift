import Vocabulary
/// Which clock an equal-time budget reads (`--equal-time-clock`): the wall clock, as the
/// reference does, or the modelled clock of a calibration, which machine load cannot move.
package enum EqualTimeClock: String, Sendable, CaseIterable {
    case wall, modelled
}
