import Vocabulary

/// Where calibration gets its step times: the engine for real (EngineStepCostSource), or a
/// made-up source in tests, so the convergence rule can be checked without timing noise.
package protocol StepCostSource {
    /// Runs one step of `kind` and returns how long it took, in ms.
    mutating func stepMs(of kind: StepKind) -> Double
}
