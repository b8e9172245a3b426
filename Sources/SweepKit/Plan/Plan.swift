/// A sweep expanded into jobs, with everything the executor and the report need from the
/// sweep file. Written to results/<name>/plan.json.
public struct Plan: Sendable, Equatable, Codable {
    public var name: String
    /// The sweep file's free text, shown at the top of the report.
    public var description: String?
    public var jobs: [Job]
    /// Points the `where` constraints removed.
    public var dropped: Int
    public var runner: RunnerSpec
    public var execution: ExecutionSettings
    public var rules: Rules
    /// The sweep file's `report` block (absent from plan.json when the file has none).
    public var report: ReportSettings?

    public init(name: String, description: String? = nil, jobs: [Job], dropped: Int = 0,
                runner: RunnerSpec = .builtin, execution: ExecutionSettings = ExecutionSettings(),
                rules: Rules = Rules(), report: ReportSettings? = nil) {
        self.name = name
        self.description = description
        self.jobs = jobs
        self.dropped = dropped
        self.runner = runner
        self.execution = execution
        self.rules = rules
        self.report = report
    }
}
