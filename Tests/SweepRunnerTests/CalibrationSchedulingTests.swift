import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A calibration measures step times, so the executor runs it alone: one at a time, with no
/// other job beside it, and before any other job starts (even one that does not read it).
@Suite(.timeLimit(.minutes(10)))
struct CalibrationSchedulingTests {
    static let script = #"""
        #!/bin/sh
        here=$(dirname "$0")
        result=$1; kind=$2
        echo "start $BLOCKSWEEP_JOB_ID" >> "$here/log"
        # Room for a wrong scheduler to start another job beside this one; a right one passes
        # at any speed, so the test never waits on this.
        sleep 0.2
        if [ "$kind" = cal ]; then
          printf '{"kind": "blocksweep-calibration", "relative": [1], "relative_halfwidth": [0.001], "converged": true, "seconds": 0.2, "rounds": 5}' > "$result"
        else
          cp "$here/good.json" "$result"
        fi
        echo "end $BLOCKSWEEP_JOB_ID" >> "$here/log"
        """#

    @Test func calibrationsRunAloneAndFirst() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("calsched-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Sandbox.resultJSON(loss: 0.5).write(to: root.appendingPathComponent("good.json"))
        let script = root.appendingPathComponent("job.sh").path
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)

        let cal = ["cal-aaaaaaaaaaaaaaaa", "cal-bbbbbbbbbbbbbbbb"]
        let plan = Plan(
            name: "cal",
            jobs: [
                Job(id: "j1", schedule: nil, seed: 1, params: ["kind": .string("run")], calibration: cal[0]),
                Job(id: "j2", schedule: nil, seed: 1, params: ["kind": .string("run")], calibration: cal[1]),
                Job(id: "j3", schedule: nil, seed: 1, params: ["kind": .string("run")])
            ],
            runner: .command(["/bin/sh", script, "{result}", "{kind}"]),
            execution: ExecutionSettings(threads: 1, retries: 0),
            calibrations: cal.map { Job(id: $0, schedule: nil, seed: 1, params: ["kind": .string("cal")]) })
        let folder = ResultsFolder(path: root.appendingPathComponent("results/cal").path)
        let (runner, backend) = try RunnerSelection.make(for: plan, blocksweepPath: "/nonexistent")
        let cores = MachineDevices.allowedCores()
        let slots = [Slot.cpu([cores[0]]), Slot.cpu([cores[cores.count > 1 ? 1 : 0]])]
        let outcome = try Executor(plan: plan, folder: folder, slots: slots, runner: runner, backend: backend).run()
        #expect(outcome.done == 5 && outcome.failed == 0 && outcome.skipped == 0, "\(outcome.problems)")

        let log = try String(contentsOf: root.appendingPathComponent("log"), encoding: .utf8).split(separator: "\n")
            .map(String.init)
        // Each calibration's start is followed by its own end, and both come before anything else.
        #expect(
            Array(log.prefix(4)) == ["start \(cal[0])", "end \(cal[0])", "start \(cal[1])", "end \(cal[1])"], "\(log)")
        #expect(log.count == 10)
        for id in cal { #expect(FileManager.default.fileExists(atPath: folder.result(id))) }
    }
}
