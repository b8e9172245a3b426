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
    /// The kinds measured (`calibrate --kinds`), in calibration order. Absent in files from
    /// before `--kinds`, which measured every kind.
    package var kinds: [String]?
    /// k = 1…N; null for a kind not measured, as in the two arrays below.
    package var activeStepMs: [Double?]
    /// Absent when probes were not measured.
    package var probeStepMs: Double?
    /// k = 1…N, then probe.
    package var relative: [Double?]
    package var relativeHalfwidth: [Double?]
    package var rounds: Int
    package var seconds: Double
    package var capSeconds: Double
    package var target: Double
    package var converged: Bool
    /// How many busy neighbours trained beside it (`calibrate --neighbour-cores`): 0 measured
    /// alone; absent in files from before neighbours, which measured alone.
    package var neighbours: Int?

    enum CodingKeys: String, CodingKey {
        case kind, version, model, device, threads, cpuModel = "cpu_model", blasCore = "blas_core", kinds
        case activeStepMs = "active_step_ms", probeStepMs = "probe_step_ms", relative
        case relativeHalfwidth = "relative_halfwidth", rounds, seconds, capSeconds = "cap_seconds", target, converged
        case neighbours
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
        let costs = m.costs(nLayers: model.nLayers)
        kinds = m.kinds.map(\.description)
        activeStepMs = costs.activeMs
        probeStepMs = costs.probeMs
        relative = m.laidOut(m.relative, nLayers: model.nLayers)
        relativeHalfwidth = m.laidOut(m.relativeHalfwidth, nLayers: model.nLayers)
        rounds = m.rounds
        seconds = m.seconds
        self.capSeconds = capSeconds
        self.target = target
        converged = m.converged
    }

    package var costs: StepCosts { StepCosts(activeMs: activeStepMs, probeMs: probeStepMs) }

    /// Each kind's relative half-width, laid out as `costs` (the last of `relativeHalfwidth` is probe's).
    package var halfwidths: StepCosts {
        StepCosts(activeMs: Array(relativeHalfwidth.prefix(model.nLayers)), probeMs: relativeHalfwidth.last ?? nil)
    }

    /// The kinds this file prices: `kinds`, or every kind of the model in a file without it.
    package var calibratedKinds: [StepKind] {
        kinds.map { $0.compactMap(StepKind.init(name:)) } ?? StepKind.all(nLayers: model.nLayers)
    }

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
        let costs = self.costs
        guard calibratedKinds.allSatisfy({ costs.cost(of: $0).map { $0.isFinite && $0 > 0 } ?? false }) else {
            return "holds a calibrated step cost that is not a positive number"
        }
        return nil
    }

    /// Why this file cannot price every step `schedules` of `config` may take, or nil when it
    /// can: a kind it did not measure is refused, not guessed.
    package func uncalibratedKinds(schedules: [Schedule], config: BenchConfig) -> String? {
        let needed = StepKind.taken(by: schedules.map { ($0, config) })
        let measured = Set(calibratedKinds)
        let missing = needed.filter { !measured.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "does not price step kind\(missing.count == 1 ? "" : "s") "
            + missing.map(\.description).joined(separator: ", ")
            + " that this run can take (it measured \(calibratedKinds.map(\.description).joined(separator: ", "))); "
            + "calibrate with --kinds \(needed.map(\.description).joined(separator: ","))"
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
