import BlockBench
import Foundation
import SweepRunner
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Busy neighbours for a calibration (`calibrate --neighbour-cores`): one process per other slot,
/// pinned to that slot's cores, training this model's steps for as long as the calibration
/// measures. Jobs run one per slot, side by side, sharing memory bandwidth and the last-level
/// cache; a calibration measured alone prices their steps 5–10% cheaper than they run
/// (docs/benchmark.md, "Calibration and the modelled clock").
struct CalibrationNeighbours {
    private var processes: [Process] = []

    /// Starts one neighbour per entry of `cores` and returns once each has trained its first
    /// step (it says so on its stdout), so every measured round has them all busy.
    static func start(cores: [[Int]], modelFlags: [String]) throws -> CalibrationNeighbours {
        var neighbours = CalibrationNeighbours()
        for slot in cores {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RunCommand.ownExecutable())
            process.arguments =
                ["calibrate"] + modelFlags + [
                    "--threads", String(slot.count), "--neighbour-cores", slot.map(String.init).joined(separator: ","),
                    "--neighbour-of", String(getpid())
                ]
            let ready = Pipe()
            process.standardOutput = ready
            process.standardInput = FileHandle.nullDevice
            do { try process.run() } catch {
                neighbours.stop()
                throw CLIError(
                    message: "--neighbour-cores: cannot start a neighbour (\(error.localizedDescription))",
                    exitCode: ExitCodes.systemFailure)
            }
            neighbours.processes.append(process)
            // Blocks until the neighbour's first line, or end of file if it died first.
            let line = String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self)
            guard line.hasPrefix("ready") else {
                neighbours.stop()
                throw CLIError(
                    message:
                        "--neighbour-cores \(slot.map(String.init).joined(separator: ",")): the neighbour ended before its first step",
                    exitCode: ExitCodes.systemFailure)
            }
        }
        return neighbours
    }

    /// Ends every neighbour and waits for it.
    mutating func stop() {
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for process in processes { process.waitUntilExit() }
        processes = []
    }

    /// `calibrate --neighbour-of PID`: pinned to `cores`, trains steps of every kind in turn
    /// until PID ends. It dies with its parent (PR_SET_PDEATHSIG), even one killed outright.
    static func runAsNeighbour(of parent: Int32, cores: [Int], config: BenchConfig, threads: Int) throws -> Never {
        MachineDevices.dieWithParent()
        // The parent may have ended before prctl took effect.
        guard getppid() == parent else { exit(0) }
        do { try MachineDevices.pinCallingThread(to: cores) } catch {
            throw CLIError(message: "--neighbour-cores: \(error)", exitCode: ExitCodes.systemFailure)
        }
        BLASInfo.setThreads(threads)
        var source = EngineStepCostSource(config: config, threads: threads)
        let kinds = StepKind.all(nLayers: config.nLayers)
        _ = source.stepMs(of: .active(config.nLayers))
        ConsoleOutput.out("ready\n")
        var round = 0
        while getppid() == parent {
            _ = source.stepMs(of: kinds[round % kinds.count])
            round += 1
        }
        exit(0)
    }
}
