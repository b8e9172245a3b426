import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// A tiny `runner: torch` sweep through `blocksweep run` on the CPU, from a working directory
/// outside the package: the torch runner calibrates first (only the step kinds the jobs can
/// take, `--kinds`), every job writes the engine's result JSON with modelled step times, and
/// the report judges them like the engine's.
/// It needs torch (tools/setup-torch.sh; tools/test.sh passes the venv's interpreter in
/// BLOCKSWEEP_PYTHON). Without it the test is skipped on a developer's machine but FAILS in
/// CI (CI set), so the torch path is never silently left untested there.
@Suite(.serialized, .timeLimit(.minutes(10)), .tags(.torch), .leftOutOfTheQuickLoop) struct TorchSweepTests {
    static let python: String = {
        if let python = ProcessInfo.processInfo.environment["BLOCKSWEEP_PYTHON"], !python.isEmpty { return python }
        return BlocksweepBinary.packageRoot.appendingPathComponent(".venv-torch/bin/python").path
    }()

    static let torchImports: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import torch"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false

    /// CalibratedSweepTests' sweep, run by the torch runner in float32 on one CPU slot.
    static let sweep = CalibratedSweepTests.sweep
        .replacingOccurrences(of: "name: calibrated\n", with: "name: torchcpu\nrunner: torch\n")
        .replacingOccurrences(of: "base:\n", with: "base:\n  dtype: float32\n")
        .replacingOccurrences(of: "execution:\n", with: "execution:\n  devices: [cpu:1]\n")

    @Test(.enabled(if: Self.torchImports || Self.inCI, "torch is not installed (tools/setup-torch.sh)"))
    func aTorchSweepRunsOnTheCPUAndIsReportedLikeTheEngines() throws {
        try #require(Self.torchImports, "\(Self.python) cannot import torch: run tools/setup-torch.sh")
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("torch.yaml")
        #expect(Self.sweep.contains("runner: torch\n") && Self.sweep.contains("  dtype: float32\n"))
        try (Self.sweep + "\n  python: \(Self.python)\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try BlocksweepBinary.run(
            ["run", "torch.yaml", "--results", "results"], in: root, environment: ["BLOCKSWEEP_PYTHON": ""])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("torchcpu: 4 jobs and 1 calibration on cpu:0"), "\(run.stdout)")

        let folder = root.appendingPathComponent("results/torchcpu").path
        let calibrations = try FileManager.default.contentsOfDirectory(atPath: folder + "/calibration")
        #expect(calibrations.count == 1)
        let calibrationData = try Data(contentsOf: URL(fileURLWithPath: folder + "/calibration/" + calibrations[0]))
        let calibration = try #require(try JSONSerialization.jsonObject(with: calibrationData) as? [String: Any])
        #expect(calibration["kind"] as? String == CalibrationFormat.kind)
        #expect(calibration["device"] as? String == "cpu")
        // Every kind of the shape, active_1 too, which no job here takes (one price per folder).
        #expect(calibration["kinds"] as? [String] == ["active_1", "active_2", "active_3", "probe"], "\(calibration)")
        let active = try #require(calibration["active_step_ms"] as? [Any])
        #expect(active.count == 3 && active.allSatisfy { $0 is Double }, "\(active)")

        let jobs = try FileManager.default.contentsOfDirectory(atPath: folder + "/jobs").filter {
            !$0.hasPrefix("cal-")
        }
        #expect(jobs.count == 4)
        for id in jobs {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json"))
            let report = try BenchReport.decode(from: data)
            #expect(report.script == "blocksweep_torch.py", "\(id)")
            #expect(report.config.resolvedDevice == "cpu" && report.config.equalTimeClock == "modelled", "\(id)")
            #expect(report.system.engine?.hasPrefix(SystemInfo.torchRunnerEngine) == true, "\(id)")
            #expect(report.results.count == 1, "\(id)")
            #expect(report.results.allSatisfy { $0.modelledMeanStepMs != nil && $0.finalValLoss != nil }, "\(id)")
            // One price per folder, as the engine: the digest of the file that priced it, and
            // how far that calibration's uncertainty reaches.
            #expect(report.config.calibrationDigest == CalibrationFormat.digest(of: calibrationData), "\(id)")
            #expect(report.results.allSatisfy { $0.modelledHalfwidth != nil }, "\(id)")
        }

        // The report pairs each torch run with the torch full_update and judges every row.
        let json = try BlocksweepBinary.run(["report", folder, "--format", "json"], in: root)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        for row in rows {
            #expect(row["speed_basis"] as? String == "modelled", "\(row)")
            #expect(row["speedup_modelled"] is [String: Any], "\(row)")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/report.md"))
    }
}
