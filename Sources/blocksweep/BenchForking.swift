import BlockBench
import Foundation
import SweepRunner
import Vocabulary

/// `bench`'s prefix-forking flags (docs/benchmark.md, "Prefix forking"): a source run (a
/// full_update baseline or a dynamic_suffix sibling) with `--fork-dir` follows the dependents named in its fork plan and leaves their
/// snapshots and its record there; a dynamic_suffix run with `--fork-from DIR --fork-step S`
/// starts from that record. A fork start that cannot be used is said on stderr, and the run
/// trains from step 0: the result is the same, only slower.
final class BenchForking {
    private let dir: String?
    private let baselineJob: String?
    private let dependents: [ForkDependent]
    private let start: ForkStart?
    private let threads: Int
    private var snapshots: [ForkRecord.Snapshot] = []
    private var failure: (any Error)?

    init(line: BenchCommandLine, config: BenchConfig, threads: Int) throws {
        self.threads = threads
        dir = line.forkDir
        if let dir = line.forkDir {
            guard line.schedules.count == 1, line.schedules[0].kind.forking != .none else {
                throw CLIError(
                    message: "--fork-dir: a fork record comes from one full_update or dynamic_suffix run "
                        + "(--schedules full_update or dynamic_suffix)")
            }
            (baselineJob, dependents) = try ForkFolder.dependents(in: dir)
        } else {
            (baselineJob, dependents) = (nil, [])
        }
        guard let from = line.forkFrom else {
            if line.forkStep != nil { throw CLIError(message: "--fork-step: needs --fork-from DIR") }
            start = nil
            return
        }
        guard line.schedules.count == 1, line.schedules[0].kind.forking == .dependent else {
            throw CLIError(message: "--fork-from: only a dynamic_suffix run forks (--schedules dynamic_suffix)")
        }
        guard let step = line.forkStep else { throw CLIError(message: "--fork-from: needs --fork-step N") }
        switch ForkFolder.start(from: from, step: step, threads: threads, config: config) {
        case .success(let s): start = s
        case .failure(let refusal):
            ConsoleOutput.err("note: --fork-from \(from): not forking: \(refusal.reason); training from step 0\n")
            start = nil
        }
    }

    func prepare(_ run: inout BenchRun) {
        run.forkDependents = dependents
        run.forkStart = start
    }

    /// The engine's snapshot sink: writes each snapshot at once (one in memory at a time).
    func save(_ snapshot: TrainingSnapshot, jobs: [String]) {
        guard let dir, failure == nil else { return }
        let file = ForkFolder.snapshotFile(step: snapshot.step)
        do {
            let bytes = try SnapshotFile.write(snapshot, to: (dir as NSString).appendingPathComponent(file))
            snapshots.append(ForkRecord.Snapshot(step: snapshot.step, file: file, bytes: bytes, jobs: jobs))
        } catch {
            failure = error
        }
    }

    func finish(_ outcome: BenchRun.Outcome) throws {
        guard let dir, let baselineJob, let recording = outcome.forkRecording else { return }
        if let failure {
            throw CLIError(
                message: "--fork-dir \(dir): cannot write a snapshot: \(failure)", exitCode: ExitCodes.systemFailure)
        }
        for (job, reason) in recording.refused { ConsoleOutput.err("note: \(job) cannot fork: \(reason)\n") }
        try ForkFolder.writeRecord(recording, baseline: baselineJob, snapshots: snapshots, threads: threads, to: dir)
        let total = snapshots.reduce(0) { $0 + $1.bytes }
        ConsoleOutput.err(
            "fork record: \(recording.forkSteps.count) dependents, \(snapshots.count) snapshots "
                + "(\(NumberText.mebibytes(total))) in \(dir)\n")
    }
}
