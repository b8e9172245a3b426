/// One schedule's `traces` entry: per-step series and the dynamic schedule's event log.
public struct ScheduleTrace: Sendable, Equatable {
    public var stepTimesMs: [Double]
    public var trainLosses: [Double?]
    public var activeLayersHist: [Int]
    public var dynamicTrace: [TraceEvent]
    /// Each step's calibrated cost (nil without a calibration).
    package var modelledStepMs: [Double]?

    public init(stepTimesMs: [Double] = [], trainLosses: [Double?] = [], activeLayersHist: [Int] = [],
                dynamicTrace: [TraceEvent] = []) {
        self.stepTimesMs = stepTimesMs
        self.trainLosses = trainLosses
        self.activeLayersHist = activeLayersHist
        self.dynamicTrace = dynamicTrace
    }
}
