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
    /// The plan's adaptive seeds (nil: a fixed list, or not one sweep).
    package var adaptiveSeeds: AdaptiveSeeds?
    /// The calibrations that priced the runs, for the header.
    package var calibrations: [CalibrationNote] = []

    package init(
        title: String, runs: [RunRecord], unfinished: [UnfinishedJob] = [], fileCount: Int,
        runner: RunnerSpec? = nil, description: String? = nil, metrics: [MetricsRun] = [],
        plainRuns: [PlainRun] = [], settings: ReportSettings? = nil
    ) {
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
