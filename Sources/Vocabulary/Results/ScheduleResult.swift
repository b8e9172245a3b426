/// One schedule's row of `results`. Numbers that were not finite are nil (JSON null).
package struct ScheduleResult: Sendable, Equatable {
    package var schedule: Schedule
    package var stepsExecuted: Int?
    package var elapsedMs: Double?
    package var finalValLoss: Double?
    package var trainLossStart: Double?
    package var trainLossEnd: Double?
    package var meanStepMs: Double?
    package var p50StepMs: Double?
    package var p90StepMs: Double?
    package var speedupVsFull: Double?
    package var activeLayersMean: Double?
    package var activeLayersMin: Int?
    package var activeLayersMax: Int?
    package var probeStepCount: Int?
    /// The modelled clock's figures (nil without a calibration): elapsed, mean step over the
    /// same steps as meanStepMs, and the full step's modelled mean over this one's.
    package var modelledElapsedMs: Double?
    package var modelledMeanStepMs: Double?
    package var speedupVsFullModelled: Double?
    /// How far the calibration's own uncertainty could move this run's modelled figures: the 95%
    /// half-width of its modelled mean step relative to the full step, as a fraction (each
    /// kind's `relative_halfwidth`, weighted by the modelled time it took). nil without a
    /// calibration; 0 for a run of full steps only, the unit every price is relative to.
    package var modelledHalfwidth: Double?
    /// Equal time on the modelled clock: how far that uncertainty could move the final loss, by
    /// moving the budget (the steps it buys, times the train loss's slope at the end). Loss
    /// units; nil without a modelled budget.
    package var budgetLossHalfwidth: Double?
    /// A forked run: the baseline job and step it took its first steps from (nil otherwise).
    package var forkedFrom: ForkOrigin?
    package var notes: String

    package init(schedule: Schedule, notes: String) {
        self.schedule = schedule
        self.notes = notes
    }
}
