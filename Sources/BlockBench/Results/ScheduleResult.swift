/// One schedule's row of `results`. Numbers that were not finite are nil (JSON null).
public struct ScheduleResult: Sendable, Equatable {
    public var schedule: Schedule
    public var stepsExecuted: Int?
    public var elapsedMs: Double?
    public var finalValLoss: Double?
    public var trainLossStart: Double?
    public var trainLossEnd: Double?
    public var meanStepMs: Double?
    public var p50StepMs: Double?
    public var p90StepMs: Double?
    public var speedupVsFull: Double?
    public var activeLayersMean: Double?
    public var activeLayersMin: Int?
    public var activeLayersMax: Int?
    public var probeStepCount: Int?
    /// The modelled clock's figures (nil without a calibration): elapsed, mean step over the
    /// same steps as meanStepMs, and the full step's modelled mean over this one's.
    package var modelledElapsedMs: Double?
    package var modelledMeanStepMs: Double?
    package var speedupVsFullModelled: Double?
    public var notes: String

    public init(schedule: Schedule, notes: String) {
        self.schedule = schedule
        self.notes = notes
    }
}
