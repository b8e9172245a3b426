import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// A tiny builtin sweep through `blocksweep run`: its calibration runs first and alone, every
/// result holds modelled step times, the report shows both speedups, `status` summarises the
/// calibration, and a second run reuses it.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CalibratedSweepTests {
    static let sweep = """
        version: 1
        name: calibrated
        base:
          dmodel: 16
          n_layers: 3
          hidden_mult: 2
          batch_size: 2
          seq_len: 4
          steps: 10
          equal_time_budget: true
          static_active_layers: 2
          dyn_min_active_layers: 2
          dyn_warmup_steps: 2
          warmup_ignore_steps: 1
        grid:
          dyn_probe_every: [3, 5]
        seeds: [1]
        execution:
          threads: 1
          calibration_cap: 1s
        """

    struct Line: Decodable {
        var job: String
        var event: String
    }

    @Test func aSweepCalibratesFirstAloneAndReportsBothSpeedups() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        let file = root.appendingPathComponent("calibrated.yaml")
        try Self.sweep.write(to: file, atomically: true, encoding: .utf8)
        let results = root.appendingPathComponent("results").path
        let run = try BlocksweepBinary.run(["run", file.path, "--results", results], in: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("calibrated: 4 jobs and 1 calibration on"), "\(run.stdout)")

        let folder = results + "/calibrated"
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json")))
                as? [String: Any])
        let calibrationID = try #require(((plan["calibrations"] as? [[String: Any]])?.first)?["id"] as? String)
        let calibrationFile = folder + "/calibration/\(calibrationID).json"
        #expect(
            run.stdout.contains(
                "started \(calibrationID) calibration batch_size=2 dmodel=16 dtype=bfloat16 hidden_mult=2 n_layers=3 seq_len=4 on"
            ),
            "\(run.stdout)")
        #expect(FileManager.default.fileExists(atPath: calibrationFile))
        // Every kind of the shape (active_1 too, which no job here takes: a lower floor added
        // later finds its price), measured beside a busy neighbour on each other slot.
        let calibrationData = try Data(contentsOf: URL(fileURLWithPath: calibrationFile))
        let calibration = try #require(try JSONSerialization.jsonObject(with: calibrationData) as? [String: Any])
        #expect(calibration["kinds"] as? [String] == ["active_1", "active_2", "active_3", "probe"])
        let header = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("calibrated: ") })
        let slots = header.components(separatedBy: " on ")[1].components(separatedBy: " → ")[0]
            .components(separatedBy: ", ").count
        #expect(calibration["neighbours"] as? Int == slots - 1, "\(header)")
        // Its precision in the run's last lines and the report's header.
        #expect(run.stdout.contains("\ncalibration \(calibrationID): "), "\(run.stdout)")
        let digest = CalibrationFormat.digest(of: calibrationData)

        // The calibration is done before any other job starts.
        let journal = try String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        let calDone = try #require(journal.firstIndex { $0.job == calibrationID && $0.event == "done" })
        let firstOther = try #require(journal.firstIndex { $0.job != calibrationID && $0.event == "started" })
        #expect(calDone < firstOther)

        // Every result holds modelled step times and read the modelled clock.
        let jobs = try FileManager.default.contentsOfDirectory(atPath: folder + "/jobs").filter {
            !$0.hasPrefix("cal-")
        }
        #expect(jobs.count == 4)
        for id in jobs {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json"))
            let report = try BenchReport.decode(from: data)
            #expect(report.results.allSatisfy { $0.modelledMeanStepMs != nil && $0.modelledElapsedMs != nil }, "\(id)")
            #expect(report.config.equalTimeClock == "modelled", "\(id)")
            // Which measurement priced it, and how far that measurement's uncertainty reaches.
            #expect(report.config.calibrationDigest == digest, "\(id)")
            #expect(report.results.allSatisfy { $0.modelledHalfwidth != nil }, "\(id)")
        }

        // The report: both speedups, read on the modelled basis.
        let json = try BlocksweepBinary.run(["report", folder, "--format", "json"], in: root)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        for row in rows {
            #expect(row["speed_basis"] as? String == "modelled", "\(row)")
            #expect(row["speedup_modelled"] is [String: Any] && row["speedup_measured"] is [String: Any])
        }
        let md = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(md.contains("| speedup (95% CI) | measured / modelled |"))
        #expect(md.contains("\nCalibration \(calibrationID): "), "\(md)")
        let measured = try BlocksweepBinary.run(["report", folder, "--format", "json", "--speed", "measured"], in: root)
        #expect(measured.stdout.contains("\"speed_basis\" : \"measured\""))
        let bad = try BlocksweepBinary.run(["report", folder, "--speed", "fast"], in: root)
        #expect(
            bad.status == 2 && bad.stderr.contains("--speed must be modelled or measured, got 'fast'"), "\(bad.stderr)")

        // status summarises the calibration.
        let status = try BlocksweepBinary.run(["status", folder], in: root)
        #expect(status.stdout.contains("calibration \(calibrationID): "), "\(status.stdout)")
        #expect(status.stdout.contains("converged") || status.stdout.contains("capped before ±1%"))

        // A second run finds everything done: the calibration is reused, not measured again.
        let modified = try FileManager.default.attributesOfItem(atPath: calibrationFile)[.modificationDate] as? Date
        let again = try BlocksweepBinary.run(["run", file.path, "--results", results], in: root)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stdout.contains("started"), "\(again.stdout)")
        #expect(
            try FileManager.default.attributesOfItem(atPath: calibrationFile)[.modificationDate] as? Date == modified)

        // A full_update result without modelled step times (as one from before calibration
        // would be) runs again on resume: its dependents' modelled budget needs them.
        let fullID = try #require(jobs.first { $0.hasPrefix("full-") })
        let fullPath = folder + "/jobs/\(fullID)/result.json"
        var full = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fullPath))) as? [String: Any])
        var fullResults = try #require(full["results"] as? [[String: Any]])
        for key in ["modelled_elapsed_ms", "modelled_mean_step_ms", "speedup_vs_full_modelled"] {
            fullResults[0][key] = nil
        }
        full["results"] = fullResults
        try JSONSerialization.data(withJSONObject: full).write(to: URL(fileURLWithPath: fullPath))
        let third = try BlocksweepBinary.run(["run", file.path, "--results", results], in: root)
        #expect(third.status == 0, "\(third.stdout)\(third.stderr)")
        #expect(third.stdout.contains("started \(fullID)"), "\(third.stdout)")
        #expect(!third.stdout.contains("started \(calibrationID)"), "\(third.stdout)")
        let rerun = try BenchReport.decode(from: Data(contentsOf: URL(fileURLWithPath: fullPath)))
        #expect(rerun.results.first?.modelledElapsedMs != nil)
    }
}
