import SweepKit

/// The sweep file a command was given, read and expanded: every problem in it becomes one
/// exit-2 error listing all diagnostics (validate, plan and run share this).
enum SweepFileInput {
    static func expand(_ file: String, maxJobs: Int) throws -> (spec: SweepSpec, expansion: Expansion) {
        guard maxJobs >= 1 else { throw CLIError(message: "--max-jobs must be at least 1, got \(maxJobs)") }
        do {
            let spec = try SweepSpec.load(path: file)
            return (spec, try Planner.expand(spec, maxJobs: maxJobs))
        } catch let d as SweepDiagnostics {
            throw CLIError(d)
        }
    }
}
