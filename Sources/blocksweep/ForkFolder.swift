import BlockBench
import Foundation
import SweepRunner
import Vocabulary

/// `bench --fork-dir` and `--fork-from`: the files prefix forking leaves in a baseline's fork
/// folder (docs/benchmark.md, "Prefix forking"): `fork-plan.json` (the dependents, written by
/// the runner), `record.json` and one `step-S.snapshot` per fork step (written by the baseline).
enum ForkFolder {
    static let planFile = ForkFiles.plan
    static let recordFile = ForkFiles.record

    static func snapshotFile(step: Int) -> String { ForkFiles.snapshot(step: step) }

    /// The baseline's dependents, each with its settings on top of the benchmark defaults.
    static func dependents(in dir: String) throws -> (baseline: String, dependents: [ForkDependent]) {
        let path = (dir as NSString).appendingPathComponent(planFile)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "--fork-dir \(dir): cannot read \(planFile)")
        }
        let plan: ForkDependents
        do { plan = try JSONDecoder().decode(ForkDependents.self, from: data) } catch {
            throw CLIError(message: "--fork-dir \(dir): \(planFile) is not a fork plan (\(error))")
        }
        let dependents = try plan.dependents.map { d in
            var config = BenchConfig()
            for (name, value) in d.params {
                guard let p = BenchParameter.named(name), p.assign(value, to: &config) else {
                    throw CLIError(
                        message: "--fork-dir \(dir): \(planFile): job \(d.job): bad setting \(name) = \(value)")
                }
            }
            return ForkDependent(job: d.job, config: config)
        }
        return (plan.baseline, dependents)
    }

    /// Runs the baseline: writes each snapshot as it is taken, then the record.
    static func writeRecord(
        _ recording: ForkRecording, baseline: String, snapshots: [ForkRecord.Snapshot], threads: Int, to dir: String
    ) throws {
        let record = ForkRecord(
            baseline: baseline, threads: threads, blasCore: BLASInfo.coreName, losses: recording.losses,
            stepTimesMs: recording.stepTimesMs, activeLayers: recording.activeLayers,
            relevance: recording.relevance.map { entry in
                ForkRecord.Relevance(
                    step: entry.step,
                    blocks: entry.blocks.map {
                        [$0.gradSquares ?? .nan, $0.weightSquares ?? .nan, $0.absProduct ?? .nan]
                    })
            },
            snapshots: snapshots)
        do {
            try AtomicFile.write(try record.jsonData(), to: (dir as NSString).appendingPathComponent(recordFile))
        } catch {
            throw CLIError(
                message: "--fork-dir \(dir): cannot write \(recordFile): \(error)", exitCode: ExitCodes.systemFailure)
        }
    }

    /// What a dependent forks from at `step`, or why it cannot (then it trains from step 0).
    static func start(from dir: String, step: Int, threads: Int, config: BenchConfig) -> Result<ForkStart, ForkRefusal>
    {
        let path = (dir as NSString).appendingPathComponent(recordFile)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ForkRefusal(reason: "cannot read \(path)"))
        }
        let record: ForkRecord
        do { record = try ForkRecord.decode(from: data) } catch {
            return .failure(ForkRefusal(reason: "\(path) is not a fork record (\(error))"))
        }
        guard record.threads == threads else {
            return .failure(
                ForkRefusal(reason: "the baseline ran on \(record.threads) threads, this run on \(threads)"))
        }
        if let core = record.blasCore, core != BLASInfo.coreName {
            return .failure(
                ForkRefusal(reason: "the baseline ran on OpenBLAS core \(core), this run on \(BLASInfo.coreName)"))
        }
        guard let entry = record.snapshots.first(where: { $0.step == step }) else {
            return .failure(ForkRefusal(reason: "the baseline made no snapshot at step \(step)"))
        }
        let snapshot: TrainingSnapshot
        do { snapshot = try SnapshotFile.read((dir as NSString).appendingPathComponent(entry.file)) } catch {
            return .failure(ForkRefusal(reason: "\(error)"))
        }
        let expected =
            (0..<config.nLayers).flatMap { _ in [config.hidden * config.dmodel, config.dmodel * config.hidden] }
            + [config.dmodel * config.dmodel]
        guard snapshot.tensorCounts == expected, snapshot.adamSteps.count == expected.count else {
            return .failure(ForkRefusal(reason: "the snapshot at step \(step) is of another model"))
        }
        var relevance: [Int: [BlockRelevance]] = [:]
        for r in record.relevance {
            relevance[r.step] = r.blocks.map { b in
                BlockRelevance(
                    gradSquares: b.count > 0 && !b[0].isNaN ? b[0] : nil,
                    weightSquares: b.count > 1 && !b[1].isNaN ? b[1] : nil,
                    absProduct: b.count > 2 && !b[2].isNaN ? b[2] : nil)
            }
        }
        var start = ForkStart(
            baselineJob: record.baseline, step: step, losses: record.losses, stepTimesMs: record.stepTimesMs,
            relevance: relevance, snapshot: snapshot)
        start.activeLayers = record.activeLayers
        return .success(start)
    }

    struct ForkRefusal: Error {
        var reason: String
    }
}
