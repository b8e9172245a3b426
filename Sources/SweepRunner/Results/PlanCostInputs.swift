import Foundation
import SweepKit
import Vocabulary

/// What `blocksweep plan`'s cost estimate needs from outside the sweep file: the step costs its
/// calibrations measured in an earlier run (calibration/<id>.json in the results folder), and
/// whether torch jobs would run on a GPU.
package enum PlanCostInputs {
    /// The plan's calibrations that the folder holds, readable, by id; a damaged or missing file
    /// is left out (its jobs' time is then a guess).
    package static func measuredStepCosts(_ plan: Plan, folder: ResultsFolder) -> [String: MeasuredStepCosts] {
        var out: [String: MeasuredStepCosts] = [:]
        for job in plan.calibrations {
            let path = folder.result(job.id)
            guard case .success = CalibrationSummary.read(path), let data = FileManager.default.contents(atPath: path),
                let file = try? JSONDecoder().decode(StepCostFile.self, from: data)
            else { continue }
            out[job.id] = MeasuredStepCosts(activeStepMs: file.activeStepMs)
        }
        return out
    }

    private struct StepCostFile: Decodable {
        var activeStepMs: [Double?]

        enum CodingKeys: String, CodingKey { case activeStepMs = "active_step_ms" }
    }

    /// Where a torch sweep's jobs would run, as `run` lays out its slots: the GPUs
    /// `execution.devices` names (Slurm: only those), else this machine's GPUs, else the CPU.
    package static func torchDevice(_ plan: Plan, machine: () -> MachineDevices) -> CostEstimate.Device {
        guard plan.runner == .torch else { return .gpu }
        if let devices = plan.execution.devices {
            return devices.contains { if case .cuda = $0 { true } else { false } } ? .gpu : .cpu
        }
        if plan.execution.backend != .local { return .cpu }
        return machine().gpus.isEmpty ? .cpu : .gpu
    }
}
