import BlockBench
import Foundation
import Vocabulary

/// `--baseline-json`: the full_update result another process produced for this config and seed.
enum BaselineFile {
    static func load(_ path: String, for config: BenchConfig) throws -> BenchRun.Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "--baseline-json \(path): cannot read the file")
        }
        let report: BenchReport
        do { report = try BenchReport.decode(from: data) } catch {
            throw CLIError(message: "--baseline-json \(path): not a benchmark result JSON (\(error))")
        }
        guard let full = report.result(for: .baseline), let elapsed = full.elapsedMs else {
            throw CLIError(message: "--baseline-json \(path): holds no full_update result with elapsed_ms")
        }
        // device and dtype may be spelt differently (auto/cpu, bfloat16/float32) for the same
        // float32 CPU computation, so they are not compared.
        for p in BenchParameter.all where p.schedules.contains(.baseline) && p.name != "device" && p.name != "dtype" {
            let theirs = p.value(in: report.config.settings)
            let ours = p.value(in: config)
            if theirs != ours, theirs.number == nil || theirs.number != ours.number {
                throw CLIError(
                    message: "--baseline-json \(path): baseline was run with \(p.name) = \(theirs), "
                        + "this run has \(ours)")
            }
        }
        var baseline = BenchRun.Baseline(elapsedMs: elapsed, meanStepMs: full.meanStepMs, steps: full.stepsExecuted)
        baseline.modelledElapsedMs = full.modelledElapsedMs
        baseline.modelledMeanStepMs = full.modelledMeanStepMs
        return baseline
    }
}
