/// One schedule's `traces` entry: per-step series and the dynamic schedule's event log.
package struct ScheduleTrace: Sendable, Equatable {
    package var stepTimesMs: [Double]
    package var trainLosses: [Double?]
    package var activeLayersHist: [Int]
    package var dynamicTrace: [TraceEvent]
    /// Each step's calibrated cost (nil without a calibration).
    package var modelledStepMs: [Double]?

    package init(
        stepTimesMs: [Double] = [], trainLosses: [Double?] = [], activeLayersHist: [Int] = [],
        dynamicTrace: [TraceEvent] = []
    ) {
        self.stepTimesMs = stepTimesMs
        self.trainLosses = trainLosses
        self.activeLayersHist = activeLayersHist
        self.dynamicTrace = dynamicTrace
    }
}
