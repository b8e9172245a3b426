import Foundation
import Vocabulary

/// `bench --export-inputs DIR`: the student every schedule starts from, the validation batches
/// and the training batches of one run, in the small binary format of docs/benchmark.md
/// ("Exported inputs"), so that another engine (tools/blocksweep_torch.py --import-inputs) can
/// train from exactly the same numbers. The batches are drawn as BenchRun draws them.
package struct InputExport: Sendable {
    package static let kind = "blocksweep-inputs"
    package static let version = 1

    package var config: BenchConfig
    /// Training batches written: the most steps any schedule of the run may take.
    package var trainBatches: Int

    package init(config: BenchConfig) {
        self.config = config
        trainBatches =
            config.equalTimeBudget
            ? max(config.steps, Int((Double(config.steps) * config.maxStepsMultiplier).rounded(.toNearestOrEven)))
            : config.steps
    }

    /// Writes manifest.json, student.f32, validation.f32 and training.f32 into `folder`
    /// (created when missing).
    package func write(to folder: URL) throws {
        let c = config
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (teacher, student) = BenchRun.models(for: c)
        // The trainer only lends its workspace to the teacher's forward pass, as in BenchRun.
        let trainer = Trainer(
            model: student.copy(), rows: c.rowsPerBatch, settings: BenchRun.optimizerSettings(for: c), threads: 1)

        var weights = Data()
        for tensor in student.tensors { Self.append(tensor, to: &weights) }
        try weights.write(to: folder.appendingPathComponent("student.f32"), options: .atomic)

        var validation = Data()
        var random = RandomStream(seed: c.seed, stream: BenchRun.Stream.validation.rawValue)
        for _ in 0..<c.valBatches {
            let (input, target) = BenchRun.drawBatch(teacher: teacher, trainer: trainer, random: &random)
            Self.append(input, to: &validation)
            Self.append(target, to: &validation)
        }
        try validation.write(to: folder.appendingPathComponent("validation.f32"), options: .atomic)

        var training = Data()
        random = RandomStream(seed: c.seed, stream: BenchRun.Stream.training.rawValue)
        let input = FloatBuffer(count: c.rowsPerBatch * c.dmodel)
        let target = FloatBuffer(count: c.rowsPerBatch * c.dmodel)
        for _ in 0..<trainBatches {
            BenchRun.fillBatch(input: input, target: target, teacher: teacher, trainer: trainer, random: &random)
            Self.append(input, to: &training)
            Self.append(target, to: &training)
        }
        try training.write(to: folder.appendingPathComponent("training.f32"), options: .atomic)

        let manifest: [String: Any] = [
            "kind": Self.kind, "version": Self.version, "seed": c.seed, "dmodel": c.dmodel, "hidden": c.hidden,
            "n_layers": c.nLayers, "rows": c.rowsPerBatch, "val_batches": c.valBatches,
            "train_batches": trainBatches
        ]
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try (json + Data("\n".utf8)).write(to: folder.appendingPathComponent("manifest.json"), options: .atomic)
    }

    /// Little-endian float32, in the buffer's (row-major) order.
    static func append(_ buffer: FloatBuffer, to data: inout Data) {
        data.reserveCapacity(data.count + buffer.count * 4)
        for i in 0..<buffer.count {
            withUnsafeBytes(of: buffer.pointer[i].bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
    }
}
