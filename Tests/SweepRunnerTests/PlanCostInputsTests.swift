import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// What `plan`'s estimate reads from outside the sweep file: the step costs of the calibrations
/// an earlier run measured, and where torch jobs would run (issue 18, point 6.3).
@Suite(.timeLimit(.minutes(10))) struct PlanCostInputsTests {
    static func plan(runner: RunnerSpec = .builtin, devices: [DeviceSpec]? = nil, slurm: Bool = false) -> Plan {
        let calibration = Job(id: "cal-a", schedule: nil, seed: 1, params: ["dmodel": .int(16)])
        var job = Job(id: "full-a", schedule: .fullUpdate, seed: 1, params: ["dmodel": .int(16)])
        job.calibration = calibration.id
        return Plan(
            name: "t", jobs: [job], runner: runner,
            execution: ExecutionSettings(devices: devices, backend: slurm ? .slurm(SlurmSettings()) : .local),
            calibrations: [calibration])
    }

    @Test func aMeasuredCalibrationIsReadAndADamagedOneIsNot() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let folder = ResultsFolder(path: box.path + "/t")
        try FileManager.default.createDirectory(atPath: folder.calibrationFolder, withIntermediateDirectories: true)
        let plan = Self.plan()
        #expect(PlanCostInputs.measuredStepCosts(plan, folder: folder).isEmpty)
        try Data(
            """
            {"kind": "blocksweep-calibration", "version": 1, "active_step_ms": [null, 1.5, 2.0], "probe_step_ms": 2.5,
             "relative": [null, 0.75, 1.0, 1.25], "relative_halfwidth": [null, 0.01, 0, 0.01], "rounds": 40,
             "seconds": 9.5, "cap_seconds": 60, "converged": true}
            """.utf8
        ).write(to: URL(fileURLWithPath: folder.result("cal-a")))
        #expect(
            PlanCostInputs.measuredStepCosts(plan, folder: folder)
                == ["cal-a": MeasuredStepCosts(activeStepMs: [nil, 1.5, 2.0])])
        try Data(#"{"active_step_ms": [1, 2"#.utf8).write(to: URL(fileURLWithPath: folder.result("cal-a")))
        #expect(PlanCostInputs.measuredStepCosts(plan, folder: folder).isEmpty)
    }

    @Test func torchRunsWhereRunWouldPutIt() {
        let noGPU = { MachineDevices(cores: [0, 1]) }
        let oneGPU = { MachineDevices(cores: [0, 1], gpus: [.init(index: 0, name: "H100")], hasNvidiaSMI: true) }
        #expect(PlanCostInputs.torchDevice(Self.plan(runner: .torch), machine: noGPU) == .cpu)
        #expect(PlanCostInputs.torchDevice(Self.plan(runner: .torch), machine: oneGPU) == .gpu)
        #expect(
            PlanCostInputs.torchDevice(Self.plan(runner: .torch, devices: [.cpu(cores: 2)]), machine: oneGPU) == .cpu)
        #expect(
            PlanCostInputs.torchDevice(Self.plan(runner: .torch, devices: [.cuda(index: 0)]), machine: noGPU) == .gpu)
        // Through Slurm a job gets a GPU only where devices name one.
        #expect(PlanCostInputs.torchDevice(Self.plan(runner: .torch, slurm: true), machine: oneGPU) == .cpu)
    }
}
