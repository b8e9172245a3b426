import Vocabulary

/// What one calibration measured, kind by kind in the order of `kinds` (active_1…active_N, probe).
package struct CalibrationMeasurement: Sendable, Equatable {
    package var kinds: [StepKind]
    /// Cost per step: the relative cost times the median full step of the counted rounds.
    package var stepMs: [Double]
    /// Cost relative to the full step measured in the same round: geometric mean over counted rounds.
    package var relative: [Double]
    /// 95% half-width of `relative`, as a fraction of it.
    package var relativeHalfwidth: [Double]
    /// Counted rounds (warm-up rounds not included).
    package var rounds: Int
    package var seconds: Double
    package var converged: Bool

    package var costs: StepCosts {
        StepCosts(activeMs: Array(stepMs.dropLast()), probeMs: stepMs.last ?? .nan)
    }
}
