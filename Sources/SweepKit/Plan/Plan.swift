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

    package init(name: String, description: String? = nil, jobs: [Job], dropped: Int = 0,
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
