import Foundation
import Vocabulary

/// A result file in the reference script's layout, for the report tests of the library and of
/// the binary.
package enum ReferenceResultFile {
    /// The reference script's layout: all three schedules in one file, with a config that does
    /// not record the command's own parameter.
    package static func data(seed: Int, dynMs: Double, dynVal: Double, fullVal: Double = 0.1) throws -> Data {
        var config = BenchConfig()
        config.seed = seed
        func row(_ s: Schedule, ms: Double, val: Double, active: Double) -> ScheduleResult {
            var r = ScheduleResult(schedule: s, notes: "")
            r.meanStepMs = ms
            r.finalValLoss = val
            r.trainLossEnd = 0.1  // null would mean it diverged
            r.activeLayersMean = active
            r.stepsExecuted = 100
            return r
        }
        let report = BenchReport(
            script: "ref", timestampUTC: "2026-01-01T00:00:00Z",
            config: ConfigRecord(settings: config, resolvedDevice: "cpu"), system: SystemInfo(),
            results: [
                row(.fullUpdate, ms: 10, val: fullVal, active: 12),
                row(.staticSuffix, ms: 7, val: fullVal * 1.2, active: 4),
                row(.dynamicSuffix, ms: dynMs, val: dynVal, active: 9)
            ],
            traces: [:])
        return try report.jsonData()
    }
}
