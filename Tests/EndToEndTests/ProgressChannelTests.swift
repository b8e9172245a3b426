import Foundation
import SweepRunner
import Testing
import Vocabulary

@testable import BlocksweepTestSupport

/// The progress channel (docs/benchmark.md, "Progress file"): a job appends one line per step
/// to the file BLOCKSWEEP_PROGRESS names, and `status` shows a running job's last step.
@Suite(.timeLimit(.minutes(10)))
struct ProgressChannelTests {
    /// A command job writes three steps, then waits for the test's gate: `status` shows its step
    /// of the limit, its loss and its modelled time against its budget while it runs.
    @Test func statusShowsARunningJobsStepLossAndModelledTimeAgainstItsBudget() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let job = box.root.appendingPathComponent("steps.sh")
        try """
        #!/bin/sh
        # steps.sh RESULT: three steps into the progress file, then the gate, then a result.
        for s in 0 1 2; do
          printf '{"step":%d,"schedule":"dynamic_suffix","kind":"active_4","loss":1.25,"modelled_elapsed_ms":%d00,' $s $((s + 1)) >> "$BLOCKSWEEP_PROGRESS"
          printf '"steps_limit":10,"budget_ms":2000,"budget_clock":"modelled"}\\n' >> "$BLOCKSWEEP_PROGRESS"
        done
        while [ ! -e "\(box.path)/gate" ]; do sleep 0.02; done
        exec /bin/sh "\(box.script)" "$1" ok
        """.write(to: job, atomically: true, encoding: .utf8)
        let sweep = box.root.appendingPathComponent("progress.yaml")
        try """
        version: 1
        name: progress
        runner: {command: ["/bin/sh", "\(job.path)", "{result}"]}
        grid:
          x: [1]
        execution: {threads: 1, parallel: 1}
        """.write(to: sweep, atomically: true, encoding: .utf8)
        let results = box.root.appendingPathComponent("results").path
        let running = try BlocksweepBinary.Running(
            ["run", sweep.path, "--results", results], in: box.root, environment: [:])
        let folder = ResultsFolder(path: results + "/progress")
        let plan = try Eventually.value(of: "plan.json in \(folder.path)") { try? folder.readPlan() }
        let progress = folder.progress(plan.jobs[0].id)
        try Eventually.wait(for: "three steps in \(progress)") {
            ((try? String(contentsOfFile: progress, encoding: .utf8)) ?? "").split(separator: "\n").count == 3
        }
        let status = try BlocksweepBinary.run(["status", folder.path], in: box.root)
        #expect(status.stdout.contains("step 3/10 · loss 1.2500 · modelled 0.3s of 2.0s budget"), "\(status.stdout)")

        _ = FileManager.default.createFile(atPath: box.path + "/gate", contents: nil)
        let outcome = running.finish()
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }
}
