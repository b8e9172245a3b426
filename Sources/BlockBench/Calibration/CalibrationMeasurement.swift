import Vocabulary

/// What one calibration measured, kind by kind in the order of `kinds` (calibration order:
/// active_k by k, then probe; every kind of the model unless `--kinds` chose some).
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

    /// The measured values of an `nLayers`-block model laid out as the calibration file holds
    /// them (active_1…active_N, then probe), nil for a kind not measured.
    package func laidOut(_ values: [Double], nLayers: Int) -> [Double?] {
        let byKind = Dictionary(uniqueKeysWithValues: zip(kinds, values))
        return StepKind.all(nLayers: nLayers).map { byKind[$0] }
    }

    package func costs(nLayers: Int) -> StepCosts {
        let ms = laidOut(stepMs, nLayers: nLayers)
        return StepCosts(activeMs: Array(ms.dropLast()), probeMs: ms.last ?? nil)
    }
}
