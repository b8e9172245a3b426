import Foundation
import Vocabulary

/// The calibration file (`blocksweep calibrate --json-out`, read by `bench --calibration`):
/// the model and machine it holds for, and each step kind's cost.
package struct CalibrationRecord: Sendable, Equatable, Codable {
    /// The settings a step's cost depends on (seed and schedule settings do not change it).
    package struct Model: Sendable, Equatable, Codable {
        package var dmodel: Int
        package var nLayers: Int
        package var hiddenMult: Int
        package var batchSize: Int
        package var seqLen: Int
        package var dtype: String

        package init(config: BenchConfig) {
            dmodel = config.dmodel
            nLayers = config.nLayers
            hiddenMult = config.hiddenMult
            batchSize = config.batchSize
            seqLen = config.seqLen
            dtype = config.dtype
        }

        enum CodingKeys: String, CodingKey {
            case dmodel, nLayers = "n_layers", hiddenMult = "hidden_mult", batchSize = "batch_size"
            case seqLen = "seq_len", dtype
        }

        /// (name, value) pairs, for naming the first difference.
        var fields: [(String, String)] {
            [
                ("dmodel", "\(dmodel)"), ("n_layers", "\(nLayers)"), ("hidden_mult", "\(hiddenMult)"),
                ("batch_size", "\(batchSize)"), ("seq_len", "\(seqLen)"), ("dtype", dtype)
            ]
        }
    }

    package static let kindName = CalibrationFormat.kind
    package static let currentVersion = 1

    package var kind = CalibrationRecord.kindName
    package var version = CalibrationRecord.currentVersion
    package var model: Model
    package var device: String
    package var threads: Int
    package var cpuModel: String?
    package var blasCore: String?
    package var activeStepMs: [Double]
    package var probeStepMs: Double
    package var relative: [Double]
    package var relativeHalfwidth: [Double]
    package var rounds: Int
    package var seconds: Double
    package var capSeconds: Double
    package var target: Double
    package var converged: Bool

    enum CodingKeys: String, CodingKey {
        case kind, version, model, device, threads, cpuModel = "cpu_model", blasCore = "blas_core"
        case activeStepMs = "active_step_ms", probeStepMs = "probe_step_ms", relative
        case relativeHalfwidth = "relative_halfwidth", rounds, seconds, capSeconds = "cap_seconds", target, converged
    }

    package init(
        model: Model, device: String, threads: Int, cpuModel: String?, blasCore: String?,
        measurement m: CalibrationMeasurement, capSeconds: Double, target: Double
    ) {
        self.model = model
        self.device = device
        self.threads = threads
        self.cpuModel = cpuModel
        self.blasCore = blasCore
        activeStepMs = m.costs.activeMs
        probeStepMs = m.costs.probeMs
        relative = m.relative
        relativeHalfwidth = m.relativeHalfwidth
        rounds = m.rounds
        seconds = m.seconds
        self.capSeconds = capSeconds
        self.target = target
        converged = m.converged
    }

    package var costs: StepCosts { StepCosts(activeMs: activeStepMs, probeMs: probeStepMs) }

    /// Why this file cannot price a run of `config` on `threads` threads ("dmodel = 64, this run
    /// has 128"), or nil when it can.
    package func mismatch(config: BenchConfig, threads: Int) -> String? {
        for ((name, ours), (_, theirs)) in zip(model.fields, Model(config: config).fields) where ours != theirs {
            return "calibrated for \(name) = \(ours), this run has \(theirs)"
        }
        if self.threads != threads { return "calibrated for threads = \(self.threads), this run has \(threads)" }
        if activeStepMs.count != model.nLayers || relative.count != model.nLayers + 1 {
            return "holds \(activeStepMs.count) active-step costs for n_layers = \(model.nLayers)"
        }
        guard (activeStepMs + [probeStepMs]).allSatisfy({ $0.isFinite && $0 > 0 }) else {
            return "holds a step cost that is not a positive number"
        }
        return nil
    }

    package func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a calibration file; throws a message naming what is wrong.
    package static func decode(from data: Data) throws -> CalibrationRecord {
        let record = try JSONDecoder().decode(CalibrationRecord.self, from: data)
        guard record.kind == kindName else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [CodingKeys.kind],
                    debugDescription: "kind is '\(record.kind)', not '\(kindName)'"))
        }
        guard record.version == currentVersion else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [CodingKeys.version],
                    debugDescription: "version \(record.version) is not \(currentVersion)"))
        }
        return record
    }
}
