import Vocabulary

/// A run's modelled clock: each step adds its kind's calibrated cost (docs/benchmark.md,
/// "Calibration and the modelled clock").
package struct ModelledClock: Sendable, Equatable {
    package var costs: StepCosts
    /// `equal_time_clock: modelled`: the equal-time budget, the freeze gate's time mode and the
    /// final recovery's window read this clock instead of the wall clock. False (`wall`): it is
    /// only recorded beside the measured times.
    package var drivesTimeBudget: Bool

    package init(costs: StepCosts, drivesTimeBudget: Bool) {
        self.costs = costs
        self.drivesTimeBudget = drivesTimeBudget
    }
}
