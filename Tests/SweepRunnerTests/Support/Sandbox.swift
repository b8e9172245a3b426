import Vocabulary
import Foundation
import SweepKit
@testable import SweepRunner

/// A temporary folder with a job script and a valid result JSON to copy, for command-runner
/// plans that exercise the executor without the engine.
struct Sandbox {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sweeprunner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Sandbox.resultJSON(loss: 0.5).write(to: root.appendingPathComponent("good.json"))
        try Data(Sandbox.resultJSON(loss: 0.5).utf8String.replacingOccurrences(of: "\"final_val_loss\" : 0.5",
                                                                                 with: "\"final_val_loss\" : NaN").utf8)
            .write(to: root.appendingPathComponent("nan.json"))
        try Sandbox.jobScript.write(to: root.appendingPathComponent("job.sh"), atomically: true, encoding: .utf8)
    }

    var path: String { root.path }
    var script: String { root.appendingPathComponent("job.sh").path }
    var folder: ResultsFolder { ResultsFolder(path: root.appendingPathComponent("results/test").path) }

    /// `job.sh RESULT MODE`: ok, fail, hang, nan, missing, null, flaky (fails on its first try),
    /// slow (sleeps a little, then ok), straggler (ok, leaving a child that ignores SIGTERM),
    /// straggler-hang (hangs beside such a child, and exits on SIGTERM).
    static let jobScript = #"""
    #!/bin/sh
    here=$(dirname "$0")
    result=$1; mode=$2
    case "$mode" in
      ok) cp "$here/good.json" "$result" ;;
      slow) sleep 0.3; cp "$here/good.json" "$result" ;;
      fail) echo "something broke in the job" >&2; exit 3 ;;
      hang) exec sleep 30 ;;
      nan) cp "$here/nan.json" "$result" ;;
      null) sed 's/"final_val_loss" : 0.5/"final_val_loss" : null/' "$here/good.json" > "$result" ;;
      missing) exit 0 ;;
      garbage) echo '{"not": "a result"' > "$result" ;;
      flaky)
        marker="$here/flaky-$BLOCKSWEEP_JOB_ID"
        if [ ! -e "$marker" ]; then touch "$marker"; echo "first try fails" >&2; exit 1; fi
        cp "$here/good.json" "$result" ;;
      straggler|straggler-hang)
        ( trap '' TERM; exec sleep 30 ) &
        echo $! > "$here/straggler-$BLOCKSWEEP_JOB_ID"
        if [ "$mode" = straggler ]; then cp "$here/good.json" "$result"; exit 0; fi
        trap 'exit 0' TERM
        sleep 30 & wait ;;
      *) echo "unknown mode $mode" >&2; exit 9 ;;
    esac
    """#

    static func resultJSON(loss: Double) throws -> Data {
        var full = ScheduleResult(schedule: .fullUpdate, notes: "")
        full.finalValLoss = loss
        full.trainLossStart = 1.0
        full.trainLossEnd = loss
        full.meanStepMs = 1.0
        let report = BenchReport(script: "test", timestampUTC: "2026-01-01T00:00:00Z",
                                 config: ConfigRecord(settings: BenchConfig(), resolvedDevice: "cpu"),
                                 system: SystemInfo(), results: [full], traces: [:])
        return try report.jsonData()
    }

    /// A command plan: one job per (id, mode), optional dependencies.
    func plan(_ jobs: [(id: String, mode: String, dependsOn: [String])], timeout: Double? = nil, retries: Int = 0,
              extraArgs: [String] = []) -> Plan {
        Plan(name: "test",
             jobs: jobs.map { Job(id: $0.id, schedule: nil, seed: 1, params: ["mode": .string($0.mode)], dependsOn: $0.dependsOn) },
             runner: .command(["/bin/sh", script, "{result}", "{mode}"] + extraArgs),
             execution: ExecutionSettings(threads: 1, timeoutSeconds: timeout, retries: retries))
    }

    /// Runs the plan in this process on up to two single-core slots.
    func run(_ plan: Plan, retryFailed: Bool = false, slots: [Slot]? = nil,
             onStart: (@Sendable () -> Void)? = nil,
             freeBytes: (@Sendable (String) -> UInt64?)? = nil) throws -> RunOutcome {
        var options = ExecutorOptions()
        options.killGrace = 0.3
        options.retryFailed = retryFailed
        options.onStart = onStart
        if let freeBytes { options.freeBytes = freeBytes }
        let (runner, backend) = try RunnerSelection.make(for: plan, blocksweepPath: "/nonexistent")
        let cores = MachineDevices.allowedCores()
        let slots = slots ?? cores.prefix(2).map { Slot.cpu([$0]) }
        return try Executor(plan: plan, folder: folder, slots: slots, runner: runner, backend: backend,
                            options: options).run()
    }

    func journal() -> [JournalEntry] { Journal.read(path: folder.journal) }

    func events(_ job: String) -> [JournalEntry.Event] { journal().filter { $0.job == job }.map(\.event) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
