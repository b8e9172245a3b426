import Vocabulary

/// A run's modelled clock: each step adds its kind's calibrated cost (docs/benchmark.md,
/// "Calibration and the modelled clock").
package struct ModelledClock: Sendable, Equatable {
    package var costs: StepCosts
    /// `equal_time_clock: modelled`: the equal-time budget, the freeze gate's time mode and the
    /// final recovery's window read this clock instead of the wall clock. False (`wall`): it is
    /// only recorded beside the measured times.
    package var drivesTimeBudget: Bool
    /// Each kind's 95% half-width relative to the full step (the calibration's
    /// `relative_halfwidth`), laid out as `costs`; nil when not known, and then no run reports
    /// an uncertainty rather than a guessed one.
    package var halfwidths: StepCosts?

    package init(costs: StepCosts, drivesTimeBudget: Bool, halfwidths: StepCosts? = nil) {
        self.costs = costs
        self.drivesTimeBudget = drivesTimeBudget
        self.halfwidths = halfwidths
    }

    /// The full step's cost: the unit every calibrated cost is measured against.
    package var fullStepMs: Double? { costs.cost(activeLayers: costs.nLayers, probe: false) }

    /// The half-width of a step's cost, as a fraction of it; nil when not known.
    func halfwidth(activeLayers: Int, probe: Bool) -> Double? {
        halfwidths?.cost(activeLayers: activeLayers, probe: probe)
    }
}
