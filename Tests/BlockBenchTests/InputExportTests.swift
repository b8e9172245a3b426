import Foundation
import Testing
import Vocabulary

@testable import BlockBench

/// `bench --export-inputs`: the files hold the documented layout, and training from them
/// (what tools/blocksweep_torch.py --import-inputs does) repeats the engine's own run exactly.
@Suite(.timeLimit(.minutes(10))) struct InputExportTests {
    func floats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        return stride(from: 0, to: data.count, by: 4).map { offset in
            Float(
                bitPattern: UInt32(
                    littleEndian: data[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        }
    }

    @Test func trainingFromTheExportRepeatsTheEnginesLosses() throws {
        var config = smallConfig()
        config.steps = 8
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try InputExport(config: config).write(to: folder)

        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
                as? [String: Any])
        #expect(manifest["kind"] as? String == "blocksweep-inputs" && manifest["version"] as? Int == 1)
        #expect(manifest["train_batches"] as? Int == 8 && manifest["rows"] as? Int == config.rowsPerBatch)
        #expect(manifest["hidden"] as? Int == config.hidden && manifest["seed"] as? Int == config.seed)

        let d = config.dmodel
        let h = config.hidden
        let rows = config.rowsPerBatch
        let weights = try floats(folder.appendingPathComponent("student.f32"))
        #expect(weights.count == config.nLayers * 2 * h * d + d * d)
        let student = ModelWeights(dmodel: d, hidden: h, nLayers: config.nLayers)
        var offset = 0
        for tensor in student.tensors {
            for i in 0..<tensor.count { tensor.pointer[i] = weights[offset + i] }
            offset += tensor.count
        }
        #expect(student.tensors.map(\.array) == BenchRun.models(for: config).student.tensors.map(\.array))

        let training = try floats(folder.appendingPathComponent("training.f32"))
        #expect(training.count == 8 * 2 * rows * d)
        let validation = try floats(folder.appendingPathComponent("validation.f32"))
        #expect(validation.count == config.valBatches * 2 * rows * d)

        let trainer = Trainer(model: student, rows: rows, settings: BenchRun.optimizerSettings(for: config), threads: 1)
        var losses: [Double] = []
        for step in 0..<8 {
            let base = step * 2 * rows * d
            let input = FloatBuffer(Array(training[base..<base + rows * d]))
            let target = FloatBuffer(Array(training[base + rows * d..<base + 2 * rows * d]))
            losses.append(trainer.trainStep(input: input, target: target, activeStart: 0).loss)
        }
        let engine = BenchRun(config: config, schedules: [.fullUpdate], threads: 1).run()
        #expect(engine.traces[.fullUpdate]?.trainLosses == losses.map { Optional($0) })
    }

    @Test func anEqualTimeRunExportsEveryStepItMayTake() {
        var config = smallConfig()
        config.steps = 10
        config.equalTimeBudget = true
        config.maxStepsMultiplier = 2.5
        #expect(InputExport(config: config).trainBatches == 25)
        config.equalTimeBudget = false
        #expect(InputExport(config: config).trainBatches == 10)
    }
}
