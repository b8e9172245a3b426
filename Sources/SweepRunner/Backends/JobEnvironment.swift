import SweepKit
import Vocabulary

/// A job process's environment: the runner's own, plus its device and thread settings. The
/// local executor and the Slurm launcher both build it here, so a job sees the same either way.
package enum JobEnvironment {
    package static func make(
        base: [String: String], job: Job, slot: Slot, result: String, progress: String, threads: Int
    ) -> [String: String] {
        var env = base
        env[CrashPoint.environmentVariable] = nil  // the runner's testing hook, not the job's
        switch slot.kind {
        case .cpu:
            let threads = String(max(1, slot.cores.count))
            for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { env[name] = threads }
            // A CPU job must not take a GPU another job was given.
            env["CUDA_VISIBLE_DEVICES"] = ""
        case .cuda:
            env["CUDA_VISIBLE_DEVICES"] = String(slot.gpu ?? 0)
            env["OMP_NUM_THREADS"] = String(max(1, threads))
        }
        env["BLOCKSWEEP_JOB_ID"] = job.id
        env["BLOCKSWEEP_DEVICE"] = slot.name
        env["BLOCKSWEEP_RESULT"] = result
        env[StepRecord.environmentVariable] = progress
        return env
    }
}
