import BlockBench

/// Everything the report is built from, read from disk by SweepRunner: one record per schedule
/// result found, plus the jobs that produced none.
public struct ReportInput: Sendable {
    /// The report's title: the sweep's name, or the files' names.
    public var title: String
    /// The sweep file's description, when one sweep is reported.
    public var description: String?
    public var runs: [RunRecord]
    public var unfinished: [UnfinishedJob]
    /// How many result files were read.
    public var fileCount: Int
    /// The runner of the sweep when known (plan.json); the follow-up sweep keeps it.
    public var runner: RunnerSpec?
    /// Result files of flat metrics (a command's own numbers).
    public var metrics: [MetricsRun]
    /// The jobs of a command that writes no result file.
    public var plainRuns: [PlainRun]
    /// The sweep file's `report` block (plan.json).
    public var settings: ReportSettings?

    public init(title: String, runs: [RunRecord], unfinished: [UnfinishedJob] = [], fileCount: Int,
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
public struct RunRecord: Sendable {
    /// The file it came from (shown in the report, reread for figures).
    public var source: String
    /// Results of the same file share a file index: a file holding all three schedules pairs
    /// within itself.
    public var fileIndex: Int
    public var settings: BenchConfig
    /// The hardware the timing is valid for: resolved device plus model and thread count.
    public var device: String
    public var result: ScheduleResult
    /// A command runner's own parameters of the job that wrote the file (plan.json), seed
    /// aside: they may change the run in ways the file's config does not record, so runs that
    /// differ in them are never pooled. Empty for the builtin runner and loose files.
    public var params: [String: ParameterValue]
    /// The file wrote `train_loss_end` as null or NaN (absent is fine: not recorded).
    public var nonFiniteTrainLoss: Bool

    public init(source: String, fileIndex: Int, settings: BenchConfig, device: String, result: ScheduleResult,
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
    public var diverged: Bool { !(result.finalValLoss?.isFinite ?? false) || nonFiniteTrainLoss }

    /// The records of one result file.
    public static func records(of report: BenchReportHeader, source: String, fileIndex: Int,
                               params: [String: ParameterValue] = [:]) -> [RunRecord] {
        report.results.enumerated().map { i, result in
            RunRecord(source: source, fileIndex: fileIndex, settings: report.config.settings,
                      device: report.deviceKey, result: result, params: params,
                      nonFiniteTrainLoss: i < report.nullTrainLoss.count && report.nullTrainLoss[i])
        }
    }
}

/// A result file without its traces: what aggregation needs, decoded fast. The figures
/// reread the few files they draw in full.
public struct BenchReportHeader: Sendable, Decodable {
    public var config: ConfigRecord
    public var system: SystemInfo
    public var results: [ScheduleResult]
    /// Per entry of `results`: `train_loss_end` is there but null (how a non-finite number
    /// reaches JSON), which decoding alone cannot tell from a missing key.
    public var nullTrainLoss: [Bool] = []

    public init(config: ConfigRecord, system: SystemInfo, results: [ScheduleResult]) {
        self.config = config
        self.system = system
        self.results = results
    }

    public init(_ report: BenchReport) {
        self.init(config: report.config, system: report.system, results: report.results)
    }

    enum CodingKeys: String, CodingKey { case config, system, results }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(ConfigRecord.self, forKey: .config)
        system = try c.decodeIfPresent(SystemInfo.self, forKey: .system) ?? SystemInfo()
        results = try c.decode([ScheduleResult].self, forKey: .results)
        nullTrainLoss = try c.decode([NeededScheduleKeys].self, forKey: .results).map(\.nullTrainLoss)
    }

    /// Timings compare only on the same hardware: the device kind, its model, and for CPU runs
    /// the thread count.
    public var deviceKey: String {
        var key = config.resolvedDevice
        if let gpu = system.cudaDeviceName, !gpu.isEmpty, key.hasPrefix("cuda") { key += " (\(gpu))" }
        if let cpu = system.cpuModel, !cpu.isEmpty, key.hasPrefix("cpu") { key += " (\(cpu))" }
        if let threads = system.blasThreads, key.hasPrefix("cpu") { key += " ×\(threads)" }
        return key
    }
}

/// The keys the report needs in each schedule row of a result (docs/report.md); every other
/// key may be missing and takes its documented default. A missing val loss must not pass for
/// a diverged run (null or NaN), nor a missing step time for an unpaired one.
private struct NeededScheduleKeys: Decodable {
    enum CodingKeys: String, CodingKey {
        case finalValLoss = "final_val_loss", meanStepMs = "mean_step_ms", trainLossEnd = "train_loss_end"
    }

    var nullTrainLoss: Bool

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.finalValLoss, .meanStepMs] where !c.contains(key) {
            throw DecodingError.keyNotFound(key, .init(codingPath: c.codingPath,
                                                       debugDescription: "the report needs \(key.stringValue)"))
        }
        nullTrainLoss = c.contains(.trainLossEnd) ? try c.decodeNil(forKey: .trainLossEnd) : false
    }
}

/// A planned job that left no usable result: failed, skipped, not yet run, or whose result
/// file could not be read.
public struct UnfinishedJob: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case failed, skipped, pending, unreadable }

    public var id: String
    public var schedule: Schedule?
    public var seed: Int?
    public var params: [String: ParameterValue]
    public var state: State
    public var attempts: Int
    public var reason: String

    public init(id: String, schedule: Schedule?, seed: Int?, params: [String: ParameterValue] = [:],
                state: State, attempts: Int = 0, reason: String) {
        self.id = id
        self.schedule = schedule
        self.seed = seed
        self.params = params
        self.state = state
        self.attempts = attempts
        self.reason = reason
    }
}
