/// A sweep expanded into jobs, with everything the executor and the report need from the
/// sweep file. Written to results/<name>/plan.json.
package struct Plan: Sendable, Equatable, Codable {
    package var name: String
    /// The sweep file's free text, shown at the top of the report.
    package var description: String?
    package var jobs: [Job]
    /// Points the `where` constraints removed.
    package var dropped: Int
    package var runner: RunnerSpec
    package var execution: ExecutionSettings
    package var rules: Rules
    /// The sweep file's `report` block (absent from plan.json when the file has none).
    package var report: ReportSettings?
    /// Builtin runner: one `blocksweep calibrate` job per model shape × threads × device kind,
    /// run before the jobs that name it (`Job.calibration`). Empty for other runners and for
    /// plans from before calibration (absent from their plan.json).
    package var calibrations: [Job]
    /// `seeds: {initial, max}`: `jobs` holds the initial seeds' jobs and those added during the
    /// run (AdaptiveSeedPlanner). nil for a fixed seed list (absent from plan.json).
    package var adaptiveSeeds: AdaptiveSeeds?

    /// Calibrations first: the executor runs them before any job that reads them.
    package var allJobs: [Job] { calibrations + jobs }

    package init(
        name: String, description: String? = nil, jobs: [Job], dropped: Int = 0,
        runner: RunnerSpec = .builtin, execution: ExecutionSettings = ExecutionSettings(),
        rules: Rules = Rules(), report: ReportSettings? = nil, calibrations: [Job] = []
    ) {
        self.calibrations = calibrations
        self.name = name
        self.description = description
        self.jobs = jobs
        self.dropped = dropped
        self.runner = runner
        self.execution = execution
        self.rules = rules
        self.report = report
    }

    enum CodingKeys: String, CodingKey {
        case name, description, jobs, dropped, runner, execution, rules, report, calibrations
        case adaptiveSeeds = "adaptive_seeds"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        jobs = try c.decode([Job].self, forKey: .jobs)
        dropped = try c.decode(Int.self, forKey: .dropped)
        runner = try c.decode(RunnerSpec.self, forKey: .runner)
        execution = try c.decode(ExecutionSettings.self, forKey: .execution)
        rules = try c.decode(Rules.self, forKey: .rules)
        report = try c.decodeIfPresent(ReportSettings.self, forKey: .report)
        calibrations = try c.decodeIfPresent([Job].self, forKey: .calibrations) ?? []
        adaptiveSeeds = try c.decodeIfPresent(AdaptiveSeeds.self, forKey: .adaptiveSeeds)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(dropped, forKey: .dropped)
        try c.encode(runner, forKey: .runner)
        try c.encode(execution, forKey: .execution)
        try c.encode(rules, forKey: .rules)
        try c.encodeIfPresent(report, forKey: .report)
        if !calibrations.isEmpty { try c.encode(calibrations, forKey: .calibrations) }
        try c.encodeIfPresent(adaptiveSeeds, forKey: .adaptiveSeeds)
    }
}
