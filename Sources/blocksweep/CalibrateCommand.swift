import ArgumentParser
import BlockBench
import Foundation
import SweepKit
import SweepRunner
import Vocabulary

/// `blocksweep calibrate`: measures every step kind's cost of one model on this machine
/// (Calibrator) and writes the calibration JSON that `bench --calibration` reads.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure the cost of every step kind of one model, for the modelled clock.",
        discussion: CalibrateCommandLine.help
    )

    @Argument(parsing: .allUnrecognized, help: "Calibration flags (listed below).")
    var arguments: [String] = []

    func run() throws {
        let line = try CalibrateCommandLine.parse(arguments)
        let config = line.bench.config
        if let issue = config.validate().first { throw CLIError(message: issue.description) }
        if config.device == "cuda" {
            throw CLIError(
                message: "--device cuda: this is the CPU engine's calibration; on a GPU run "
                    + "`tools/blocksweep_torch.py calibrate` with the same flags")
        }
        if let parent = line.neighbourOf {
            try CalibrationNeighbours.runAsNeighbour(
                of: parent, cores: line.neighbourCores[0], config: config,
                threads: line.bench.threads ?? line.neighbourCores[0].count)
        }
        guard let path = config.jsonOut else {
            throw CLIError(message: "--json-out: calibrate needs a file to write the calibration to")
        }
        let threads = line.bench.threads ?? MachineDevices.allowedCores().count
        let output = try ResultFile(checkingWritable: path)
        BLASInfo.setThreads(threads)

        let kinds = line.kinds.map { $0.compactMap(StepKind.init(name:)) }
        if let beyond = kinds?.first(where: { if case .active(let k) = $0 { k > config.nLayers } else { false } }) {
            throw CLIError(
                message: "--kinds: \(beyond) needs more blocks than --n-layers \(config.nLayers) "
                    + "(kinds active_1…active_\(config.nLayers), probe)")
        }
        var calibrator = Calibrator(nLayers: config.nLayers, kinds: kinds)
        calibrator.capSeconds = line.capSeconds
        calibrator.target = line.target
        var source = EngineStepCostSource(config: config, threads: threads)
        var neighbours = try CalibrationNeighbours.start(
            cores: line.neighbourCores, modelFlags: Self.modelFlags(config))
        let clock = ContinuousClock()
        let began = clock.now
        let measurement = calibrator.calibrate(source: &source) {
            let t = began.duration(to: clock.now)
            return Double(t.components.seconds) + Double(t.components.attoseconds) * 1e-18
        }
        neighbours.stop()
        var record = CalibrationRecord(
            model: .init(config: config), device: "cpu", threads: threads,
            cpuModel: CPUInfo.modelName(), blasCore: BLASInfo.coreName,
            measurement: measurement, capSeconds: line.capSeconds, target: line.target)
        record.neighbours = line.neighbourCores.count
        ConsoleOutput.out(Self.summary(record, kinds: measurement.kinds))
        try output.write(record.jsonData())
        ConsoleOutput.err("wrote \(output.path)\n")
    }

    /// The flags that make a neighbour train this very model.
    static func modelFlags(_ c: BenchConfig) -> [String] {
        [
            "--dmodel", String(c.dmodel), "--n-layers", String(c.nLayers), "--hidden-mult", String(c.hiddenMult),
            "--batch-size", String(c.batchSize), "--seq-len", String(c.seqLen), "--dtype", c.dtype,
            "--seed", String(c.seed)
        ]
    }

    static func summary(_ r: CalibrationRecord, kinds: [StepKind]) -> String {
        var text =
            r.converged
            ? "converged: every relative cost within ±\(r.target * 100)% after \(r.rounds) rounds"
            : "NOT converged: stopped at the \(r.capSeconds) s cap after \(r.rounds) rounds"
        text += String(format: " (%.1f s)", r.seconds)
        if let n = r.neighbours, n > 0 { text += ", beside \(n.counted("busy neighbour"))" }
        text += "\n"
        let all = StepKind.all(nLayers: r.model.nLayers)
        let ms = r.activeStepMs + [r.probeStepMs]
        for (i, kind) in all.enumerated() where kinds.contains(kind) {
            guard let cost = ms[i], let relative = r.relative[i], let halfwidth = r.relativeHalfwidth[i] else {
                continue
            }
            text += "  " + kind.description.padding(toLength: 9, withPad: " ", startingAt: 0)
            text += String(format: " %9.3f ms  %.4f × full  ±%.2f%%\n", cost, relative, halfwidth * 100)
        }
        return text
    }
}
