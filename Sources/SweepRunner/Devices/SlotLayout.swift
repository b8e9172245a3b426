import SweepKit
import Vocabulary

/// Turns the devices a sweep may use into slots: CPU cores in disjoint groups of `threads`,
/// one slot per GPU, at most `parallel` in all.
package struct SlotLayout: Sendable, Equatable {
    package var slots: [Slot]
    /// Things worth telling the user (cores left idle, a parallel setting lowered).
    package var notes: [String]

    /// - Parameters:
    ///   - devices: `--devices`/`execution.devices`; nil means everything discovered.
    ///   - devicesOrigin, threadsOrigin: where the user set them, for the errors (the flag, or
    ///     the sweep file and key).
    ///   - kinds: the slot kinds the runner can use, in order of preference; with discovered
    ///     devices only the first kind present is used (a command runner on a GPU machine
    ///     runs on the GPUs, not on the CPU too).
    package static func make(
        devices: [DeviceSpec]?, machine: MachineDevices, threads: Int, parallel: Int?,
        kinds: [Slot.Kind], devicesOrigin: String = "devices",
        threadsOrigin: String = "threads"
    ) throws(SweepRunError) -> SlotLayout {
        guard threads >= 1 else { throw .badInput("\(threadsOrigin) must be at least 1, got \(threads)") }
        if let parallel, parallel < 1 { throw .badInput("--parallel must be at least 1, got \(parallel)") }
        var notes: [String] = []
        var cpuCores: [Int] = []
        var gpus: [Int] = []
        let explicit = devices != nil
        for spec in devices ?? [.cpu(cores: nil), .cuda(index: nil)] {
            switch spec {
            case .cpu(let count):
                guard cpuCores.isEmpty else { throw .badInput("\(devicesOrigin): list cpu once (cpu:N takes N cores)") }
                let available = machine.cores
                if let count, count > available.count {
                    throw .badInput(
                        "\(devicesOrigin): cpu:\(count) asks for \(count.counted("core")), but this machine lets blocksweep use "
                            + "\(available.count) (\(Slot.rangeText(available)))")
                }
                cpuCores = Array(available.prefix(count ?? available.count))
            case .cuda(let index):
                let found = machine.gpus.map(\.index)
                if let index {
                    guard found.contains(index) else {
                        throw .badInput("\(devicesOrigin): cuda:\(index): \(machine.gpuListing)")
                    }
                    if !gpus.contains(index) { gpus.append(index) }
                } else if explicit && found.isEmpty {
                    throw .badInput("\(devicesOrigin): cuda: \(machine.gpuListing)")
                } else {
                    gpus += found.filter { !gpus.contains($0) }
                }
            }
        }

        var usable = kinds.filter { kind in kind == .cpu ? !cpuCores.isEmpty : !gpus.isEmpty }
        if !explicit, let first = usable.first { usable = [first] }
        guard !usable.isEmpty else {
            let wanted = kinds.map { $0 == .cpu ? "cpu" : "cuda" }.joined(separator: " or ")
            throw .badInput(
                "\(devicesOrigin): this runner needs \(wanted), but the devices are "
                    + (devices ?? []).map(\.description).joined(separator: ","))
        }

        var slots: [Slot] = []
        for kind in usable {
            switch kind {
            case .cuda:
                slots += gpus.map(Slot.cuda)
            case .cpu:
                guard threads <= cpuCores.count else {
                    throw .badInput(
                        "\(threadsOrigin): \(threads.counted("core")) per job, but the CPU devices hold only \(cpuCores.count)"
                    )
                }
                let count = cpuCores.count / threads
                for i in 0..<count { slots.append(.cpu(Array(cpuCores[i * threads..<(i + 1) * threads]))) }
                let idle = cpuCores.count - count * threads
                if idle > 0 {
                    notes.append(
                        "\(idle) of \(cpuCores.count.counted("core")) \(idle == 1 ? "stays" : "stay") idle: \(idle == 1 ? "it does" : "they do") not make up a job of \(threads.counted("thread"))"
                    )
                }
            }
        }
        if let parallel {
            if parallel < slots.count {
                slots = Array(slots.prefix(parallel))
            } else if parallel > slots.count {
                notes.append(
                    "parallel \(parallel) lowered to \(slots.count): jobs never share cores or GPUs, "
                        + "so their timings stay comparable")
            }
        }
        return SlotLayout(slots: slots, notes: notes)
    }
}
