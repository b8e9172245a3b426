import Foundation
import Vocabulary

/// A temporary folder with a job script and a valid result JSON to copy, for command-runner
/// sweeps that exercise the executor or the binary without the engine. SweepRunnerTests adds
/// the in-process runs (SandboxRuns.swift).
package struct Sandbox {
    package let root: URL

    package init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sweeprunner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Sandbox.resultJSON(loss: 0.5).write(to: root.appendingPathComponent("good.json"))
        try Data(
            Sandbox.resultJSON(loss: 0.5).utf8String.replacingOccurrences(
                of: "\"final_val_loss\" : 0.5",
                with: "\"final_val_loss\" : NaN"
            ).utf8
        )
        .write(to: root.appendingPathComponent("nan.json"))
        try Sandbox.jobScript.write(to: root.appendingPathComponent("job.sh"), atomically: true, encoding: .utf8)
    }

    package var path: String { root.path }
    package var script: String { root.appendingPathComponent("job.sh").path }

    /// `job.sh RESULT MODE`: ok, fail, hang, nan, missing, null, flaky (fails on its first try),
    /// enospc (fails as a write on a full results disk does, once its own partial file is
    /// gone), enospc-elsewhere (a full disk that is not the results one),
    /// gated (ok once the test creates `gate` in the folder: an event, never a clock),
    /// hang (until it is killed), straggler (ok, leaving a child that ignores SIGTERM),
    /// straggler-hang (hangs beside such a child, and exits on SIGTERM).
    package static let jobScript = #"""
        #!/bin/sh
        here=$(dirname "$0")
        result=$1; mode=$2
        case "$mode" in
          ok) cp "$here/good.json" "$result" ;;
          gated) while [ ! -e "$here/gate" ]; do sleep 0.02; done; cp "$here/good.json" "$result" ;;
          fail) echo "something broke in the job" >&2; exit 3 ;;
          enospc) echo "error: cannot write $result.tmp-1: No space left on device" >&2; exit 3 ;;
          enospc-elsewhere) echo "OSError: [Errno 28] No space left on device: '/dev/shm/x'" >&2; exit 1 ;;
          hang) exec sleep 600 ;;
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

    /// steps.sh RESULT LOSS, beside good.json: appends a progress line with LOSS each round
    /// (BLOCKSWEEP_PROGRESS); a loss below 5 ends after three steps with good.json as its
    /// result, a higher one goes on until it is stopped (the stop-early tests).
    package static let stepsScript = #"""
        #!/bin/sh
        here=$(dirname "$0")
        result=$1; loss=$2; s=0
        while :; do
          printf '{"step":%d,"loss":%s,"steps_limit":100}\n' $s "$loss" >> "$BLOCKSWEEP_PROGRESS"
          s=$((s + 1))
          if [ "$loss" -lt 5 ] && [ $s -ge 3 ]; then cp "$here/good.json" "$result"; exit 0; fi
          sleep 0.05
        done
        """#

    package static func resultJSON(loss: Double) throws -> Data {
        var full = ScheduleResult(schedule: .fullUpdate, notes: "")
        full.finalValLoss = loss
        full.trainLossStart = 1.0
        full.trainLossEnd = loss
        full.meanStepMs = 1.0
        let report = BenchReport(
            script: "test", timestampUTC: "2026-01-01T00:00:00Z",
            config: ConfigRecord(settings: BenchConfig(), resolvedDevice: "cpu"),
            system: SystemInfo(), results: [full], traces: [:])
        return try report.jsonData()
    }

    package func remove() { try? FileManager.default.removeItem(at: root) }
}

extension Data {
    package var utf8String: String { String(decoding: self, as: UTF8.self) }
}
