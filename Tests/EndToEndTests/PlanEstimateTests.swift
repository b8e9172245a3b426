import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

/// `blocksweep plan`'s time estimate as a user sees it: a guess from typical rates until a run
/// has measured the sweep's calibration in the results folder, then priced by it; torch on the
/// CPU at a CPU rate (issue 18, point 6.3).
@Suite(.enabled(if: BlocksweepBinary.isBuilt, "run swift build first"), .timeLimit(.minutes(10)))
struct PlanEstimateTests {
    static func sweep(runner: String, devices: String) -> String {
        """
        version: 1
        name: estimate
        runner: \(runner)
        schedules: [full_update]
        base:
          dtype: float32
          dmodel: 64
          n_layers: 4
          hidden_mult: 2
          batch_size: 2
          seq_len: 16
          steps: 50
        seeds: [1, 2]
        execution:
          devices: \(devices)
        """
    }

    static func estimateLine(_ text: String) -> String {
        text.split(separator: "\n").first { $0.contains(" of job time") }.map(String.init) ?? text
    }

    @Test func theEstimateReadsAMeasuredCalibrationAndSaysWhenItGuesses() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("estimate.yaml")
        try Self.sweep(runner: "builtin", devices: "cpu").write(to: file, atomically: true, encoding: .utf8)
        let results = root.appendingPathComponent("results").path

        let guessed = try BlocksweepBinary.run(["plan", file.path, "--results", results], in: root)
        #expect(guessed.status == 0, "\(guessed.stderr)")
        let guess = Self.estimateLine(guessed.stdout)
        #expect(guess.contains(" of job time (a guess from typical rates: the builtin engine's "), "\(guess)")
        #expect(guess.hasSuffix("; no calibration measured yet)"), "\(guess)")

        let json = try BlocksweepBinary.run(["plan", file.path, "--format", "json"], in: root)
        let plan = try JSONDecoder().decode(Plan.self, from: Data(json.stdout.utf8))
        let id = try #require(plan.calibrations.first?.id)
        let folder = results + "/estimate/calibration"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A machine where a full step of this model takes 40 ms: far slower than the typical rate.
        try Data(
            """
            {"kind": "blocksweep-calibration", "version": 1, "active_step_ms": [null, null, null, 40.0],
             "relative": [null, null, null, 1.0], "relative_halfwidth": [null, null, null, 0], "rounds": 40,
             "seconds": 9.5, "cap_seconds": 60, "converged": true}
            """.utf8
        ).write(to: URL(fileURLWithPath: folder + "/\(id).json"))
        let measured = try BlocksweepBinary.run(["plan", file.path, "--results", results], in: root)
        #expect(measured.status == 0, "\(measured.stderr)")
        let line = Self.estimateLine(measured.stdout)
        #expect(line.hasSuffix(" of job time (from calibration \(id): the step costs it measured)"), "\(line)")
        // Two full_update jobs of 50 steps at 40 ms each, and their teacher and validation passes.
        #expect(line.contains("≈ 5s") || line.contains("≈ 6s"), "\(line)")
    }

    @Test func torchOnTheCPUIsPricedAtACPURate() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("estimate.yaml")
        try Self.sweep(runner: "torch", devices: "cpu").write(to: file, atomically: true, encoding: .utf8)
        let r = try BlocksweepBinary.run(["plan", file.path, "--results", root.path + "/results"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        let line = Self.estimateLine(r.stdout)
        #expect(
            line.contains(
                "(a guess from typical rates: the torch runner on the CPU, 1.4× slower than the builtin engine's "),
            "\(line)")
        #expect(!line.contains("TFLOP/s per GPU"))
    }
}
