import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

@Suite(.timeLimit(.minutes(10))) struct DeviceTests {
    @Test func readsNvidiaSMI() {
        let text = "0, NVIDIA GeForce RTX 4090, 24564 MiB\n1, NVIDIA H100 80GB HBM3, 81559 MiB\n"
        #expect(
            MachineDevices.parseGPUList(text) == [
                .init(index: 0, name: "NVIDIA GeForce RTX 4090", memory: "24564 MiB"),
                .init(index: 1, name: "NVIDIA H100 80GB HBM3", memory: "81559 MiB")
            ])
    }

    let machine = MachineDevices(
        cores: Array(0..<8), gpus: [.init(index: 0, name: "A"), .init(index: 1, name: "B")],
        hasNvidiaSMI: true)

    @Test func cpuSlotsNeverShareCores() throws {
        let layout = try SlotLayout.make(
            devices: [.cpu(cores: 7)], machine: machine, threads: 2, parallel: nil, kinds: [.cpu])
        #expect(layout.slots == [.cpu([0, 1]), .cpu([2, 3]), .cpu([4, 5])])
        #expect(layout.slots.map(\.name) == ["cpu:0-1", "cpu:2-3", "cpu:4-5"])
        #expect(layout.notes == ["1 of 7 cores stays idle: it does not make up a job of 2 threads"])
    }

    @Test func parallelCapsSlotsAndIsNeverRaisedAboveThem() throws {
        let capped = try SlotLayout.make(devices: nil, machine: machine, threads: 1, parallel: 3, kinds: [.cpu])
        #expect(capped.slots.count == 3)
        let raised = try SlotLayout.make(
            devices: [.cpu(cores: 2)], machine: machine, threads: 1, parallel: 8, kinds: [.cpu])
        #expect(raised.slots.count == 2)
        #expect(raised.notes.first?.hasPrefix("parallel 8 lowered to 2") == true)
    }

    @Test func commandJobsPreferDiscoveredGPUsAndUseBothWhenListed() throws {
        let discovered = try SlotLayout.make(
            devices: nil, machine: machine, threads: 1, parallel: nil, kinds: [.cuda, .cpu])
        #expect(discovered.slots == [.cuda(0), .cuda(1)])
        let listed = try SlotLayout.make(
            devices: [.cpu(cores: 2), .cuda(index: 1)], machine: machine, threads: 1,
            parallel: nil, kinds: [.cuda, .cpu])
        #expect(listed.slots == [.cuda(1), .cpu([0]), .cpu([1])])
    }

    @Test(arguments: [
        ([DeviceSpec.cpu(cores: 9)], 1, "cpu:9 asks for 9 cores, but this machine lets blocksweep use 8 (0-7)"),
        ([.cuda(index: 3)], 1, "cuda:3: nvidia-smi lists GPUs 0, 1"),
        ([.cpu(cores: 2)], 4, "threads: 4 cores per job, but the CPU devices hold only 2"),
        ([.cuda(index: 0)], 1, "this runner needs cpu")
    ])
    func refusesImpossibleDevices(devices: [DeviceSpec], threads: Int, message: String) {
        do {
            _ = try SlotLayout.make(devices: devices, machine: machine, threads: threads, parallel: nil, kinds: [.cpu])
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func explainsMissingNvidiaSMI() {
        let cpuOnly = MachineDevices(cores: [0, 1])
        #expect(throws: SweepRunError.badInput("devices: cuda:0: no NVIDIA GPU found (nvidia-smi is not installed)")) {
            _ = try SlotLayout.make(
                devices: [.cuda(index: 0)], machine: cpuOnly, threads: 1, parallel: nil, kinds: [.cuda])
        }
    }
}
