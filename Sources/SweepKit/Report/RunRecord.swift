import Vocabulary

/// One schedule's result from one file of the benchmark's layout (builtin, torch or a command
/// that writes that layout), with the settings and device it ran with: what the keep/reject
/// rows are built from. A command's other two kinds of output are `MetricsRun` (a flat file of
/// metrics, shown as a table) and `PlainRun` (no result file: only whether it ran).
package struct RunRecord: Sendable {
    /// The file it came from (shown in the report, reread for figures).
    package var source: String
    /// Results of the same file share a file index: a file holding all three schedules pairs
    /// within itself.
    package var fileIndex: Int
    package var settings: BenchConfig
    /// The hardware the timing is valid for: resolved device plus model and thread count.
    package var device: String
    package var result: ScheduleResult
    /// A command runner's own parameters of the job that wrote the file (plan.json), seed
    /// aside: they may change the run in ways the file's config does not record, so runs that
    /// differ in them are never pooled. Empty for the builtin runner and loose files.
    package var params: [String: ParameterValue]
    /// The file wrote `train_loss_end` as null or NaN (absent is fine: not recorded).
    package var nonFiniteTrainLoss: Bool
    /// The measurement that priced its modelled clock: the calibration file's digest, or its
    /// name in results from before digests; nil on the wall clock. Runs priced by two are never
    /// pooled into one verdict (Aggregator).
    package var pricedBy: String?

    package init(
        source: String, fileIndex: Int, settings: BenchConfig, device: String, result: ScheduleResult,
        params: [String: ParameterValue] = [:], nonFiniteTrainLoss: Bool = false, pricedBy: String? = nil
    ) {
        self.source = source
        self.fileIndex = fileIndex
        self.settings = settings
        self.device = device
        self.result = result
        self.params = params.filter { $0.key != "seed" }
        self.nonFiniteTrainLoss = nonFiniteTrainLoss || !(result.trainLossEnd?.isFinite ?? true)
        self.pricedBy = pricedBy
    }

    /// A non-finite val loss (null, NaN, Infinity; the key is required) or train loss: the run
    /// diverged. It is a result: the report rejects it as diverged.
    package var diverged: Bool { !(result.finalValLoss?.isFinite ?? false) || nonFiniteTrainLoss }

    /// The records of one result file.
    package static func records(
        of report: BenchReportHeader, source: String, fileIndex: Int,
        params: [String: ParameterValue] = [:]
    ) -> [RunRecord] {
        report.results.enumerated().map { i, result in
            RunRecord(
                source: source, fileIndex: fileIndex, settings: report.config.settings,
                device: report.deviceKey, result: result, params: params,
                nonFiniteTrainLoss: i < report.nullTrainLoss.count && report.nullTrainLoss[i],
                pricedBy: report.config.calibrationDigest ?? report.config.calibration)
        }
    }
}
