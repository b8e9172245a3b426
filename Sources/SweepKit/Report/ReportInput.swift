import Vocabulary

/// Everything the report is built from, read from disk by SweepRunner: one record per schedule
/// result found, plus the jobs that produced none.
package struct ReportInput: Sendable {
    /// The report's title: the sweep's name, or the files' names.
    package var title: String
    /// The sweep file's description, when one sweep is reported.
    package var description: String?
    package var runs: [RunRecord]
    package var unfinished: [UnfinishedJob]
    /// How many result files were read.
    package var fileCount: Int
    /// The runner of the sweep when known (plan.json); the follow-up sweep keeps it.
    package var runner: RunnerSpec?
    /// Result files of flat metrics (a command's own numbers).
    package var metrics: [MetricsRun]
    /// The jobs of a command that writes no result file.
    package var plainRuns: [PlainRun]
    /// The sweep file's `report` block (plan.json).
    package var settings: ReportSettings?

    package init(title: String, runs: [RunRecord], unfinished: [UnfinishedJob] = [], fileCount: Int,
                runner: RunnerSpec? = nil, description: String? = nil, metrics: [MetricsRun] = [],
                plainRuns: [PlainRun] = [], settings: ReportSettings? = nil) {
        self.title = title
        self.description = description
        self.runs = runs
        self.unfinished = unfinished
        self.fileCount = fileCount
        self.runner = runner
        self.metrics = metrics
        self.plainRuns = plainRuns
        self.settings = settings
    }
}

/// One schedule's result from one file, with the settings and device it ran with.
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

    package init(source: String, fileIndex: Int, settings: BenchConfig, device: String, result: ScheduleResult,
                params: [String: ParameterValue] = [:], nonFiniteTrainLoss: Bool = false) {
        self.source = source
        self.fileIndex = fileIndex
        self.settings = settings
        self.device = device
        self.result = result
        self.params = params.filter { $0.key != "seed" }
        self.nonFiniteTrainLoss = nonFiniteTrainLoss || !(result.trainLossEnd?.isFinite ?? true)
    }

    /// A non-finite val loss (null, NaN, Infinity; the key is required) or train loss: the run
    /// diverged. It is a result: the report rejects it as diverged.
    package var diverged: Bool { !(result.finalValLoss?.isFinite ?? false) || nonFiniteTrainLoss }

    /// The records of one result file.
    package static func records(of report: BenchReportHeader, source: String, fileIndex: Int,
                               params: [String: ParameterValue] = [:]) -> [RunRecord] {
        report.results.enumerated().map { i, result in
            RunRecord(source: source, fileIndex: fileIndex, settings: report.config.settings,
                      device: report.deviceKey, result: result, params: params,
                      nonFiniteTrainLoss: i < report.nullTrainLoss.count && report.nullTrainLoss[i])
        }
    }
}
