import ArgumentParser
import BlockBench
import Foundation
import SweepRunner
import Vocabulary

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the block-update schedule benchmark on the CPU engine (Swift on OpenBLAS).",
        discussion: BenchHelp.text
    )

    @Argument(parsing: .allUnrecognized, help: "Benchmark flags (listed below).")
    var arguments: [String] = []

    func run() throws {
        let line = try BenchCommandLine.parse(arguments)
        let config = line.config
        let issues = config.validate()
        guard issues.isEmpty else {
            throw CLIError(message: issues.map(\.description).joined(separator: "\nerror: "))
        }
        if config.device == "cuda" {
            throw CLIError(
                message: "--device cuda: this is the CPU engine; on a GPU run the PyTorch runner, "
                    + "tools/blocksweep_torch.py, with the same flags (sweep files: `runner: torch`)")
        }
        let resolvedDevice = "cpu"
        var dtypeEffective: String? = nil
        if config.dtype != "float32" {
            dtypeEffective = "float32"
            ConsoleOutput.err(
                "note: --dtype \(config.dtype): the CPU engine computes in float32 (config.dtype_effective)\n")
        }
        let output = try config.jsonOut.map(ResultFile.init(checkingWritable:))
        let baseline = try line.baselineJSON.map { try BaselineFile.load($0, for: config) }
        if config.equalTimeBudget, !line.schedules.contains(.baseline), baseline == nil,
            line.schedules.contains(where: { !$0.isBaseline })
        {
            throw CLIError(
                message: "--equal-time-budget: static_suffix and dynamic_suffix need the full_update "
                    + "run's elapsed time: add full_update to --schedules or pass --baseline-json")
        }
        let threads = line.threads ?? MachineDevices.allowedCores().count
        let calibration = try line.calibration.map {
            try CalibrationFile.load($0, for: config, threads: threads, schedules: line.schedules)
        }
        let modelledClock = try Self.modelledClock(
            line, calibration: calibration?.record, config: config, baseline: baseline)
        BLASInfo.setThreads(threads)
        if let folder = line.exportInputs {
            do {
                try InputExport(config: config).write(to: URL(fileURLWithPath: folder))
            } catch {
                throw CLIError(
                    message: "--export-inputs \(folder): cannot write (\(error.localizedDescription))",
                    exitCode: ExitCodes.systemFailure)
            }
        }

        var run = BenchRun(config: config, schedules: line.schedules, threads: threads, baseline: baseline)
        run.modelledClock = modelledClock
        let fork = try BenchForking(line: line, config: config, threads: threads)
        fork.prepare(&run)
        let progress = try ProgressFile.open(
            line.progressOut ?? ProcessInfo.processInfo.environment[StepRecord.environmentVariable])
        let outcome = run.execute(
            log: { ConsoleOutput.err("  " + $0 + "\n") }, snapshot: fork.save, stepDone: { progress?.append($0) })
        try fork.finish(outcome)
        let (results, traces) = (outcome.results, outcome.traces)
        // Written at once (not through print's buffer) so it stays in order with stderr's lines.
        ConsoleOutput.out(ConsoleSummary.render(results))

        var record = ConfigRecord(settings: config, resolvedDevice: resolvedDevice, dtypeEffective: dtypeEffective)
        if let path = line.calibration {
            record.equalTimeClock = line.equalTimeClock.rawValue
            record.calibration = URL(fileURLWithPath: path).lastPathComponent
            record.calibrationDigest = calibration?.digest
        }
        let report = BenchReport(
            script: "blocksweep bench",
            timestampUTC: ISO8601DateFormatter().string(from: Date()),
            config: record,
            system: SystemInfo(
                cudaAvailable: false, engine: "blocksweep CPU engine (Swift, OpenBLAS)",
                blasCore: BLASInfo.coreName, blasThreads: threads, cpuModel: CPUInfo.modelName()),
            results: results, traces: traces)
        if let output {
            try output.write(report.jsonData())
            ConsoleOutput.err("wrote \(output.path)\n")
        }
    }

    /// The modelled clock of `--calibration` (nil without it), after checking the flags agree.
    static func modelledClock(
        _ line: BenchCommandLine, calibration record: CalibrationRecord?, config: BenchConfig,
        baseline: BenchRun.Baseline?
    ) throws -> ModelledClock? {
        let modelled = line.equalTimeClock == .modelled
        guard let record else {
            if modelled {
                throw CLIError(
                    message: "--equal-time-clock modelled: needs --calibration FILE (from `blocksweep calibrate`)")
            }
            return nil
        }
        // The baseline is priced by this run's calibration from its step count (Baseline.priced);
        // a file without one must carry its own modelled time.
        if modelled, config.equalTimeBudget, let baseline, baseline.steps == nil, baseline.modelledElapsedMs == nil,
            let file = line.baselineJSON
        {
            throw CLIError(
                message: "--baseline-json \(file): has neither steps_executed nor modelled_elapsed_ms, which "
                    + "the modelled equal-time budget needs")
        }
        return ModelledClock(costs: record.costs, drivesTimeBudget: modelled, halfwidths: record.halfwidths)
    }
}
