import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// The morning after (issue 18): a researcher edits the sweep file and resumes in the same
/// folder. Whatever the edit, every row is priced by one calibration, no row loses its
/// baseline, and what an edit reruns is said, and only that runs.
@Suite(.serialized, .timeLimit(.minutes(10)), .tags(.slow), .leftOutOfTheQuickLoop) struct SweepEditTests {
    struct Sweep {
        var floors = [2]
        var threads = 1
        var cap = "1s"
        var lr: String? = nil
        var minSpeedup = "1.10"

        var text: String {
            """
            version: 1
            name: edits
            base:
              dtype: float32
              dmodel: 16
              n_layers: 3
              hidden_mult: 2
              batch_size: 2
              seq_len: 8
              steps: 12
              equal_time_budget: true
              static_active_layers: 1
              dyn_warmup_steps: 2
              dyn_probe_every: 3
              warmup_ignore_steps: 1
            \(lr.map { "  lr: \($0)\n" } ?? "")grid:
              dyn_min_active_layers: [\(floors.map(String.init).joined(separator: ", "))]
            seeds: [1, 2]
            execution:
              threads: \(threads)
              calibration_cap: \(cap)
            rules:
              min_speedup: \(minSpeedup)
            """
        }
    }

    /// A folder to edit a sweep in, and what a run left there.
    struct Workspace {
        let root: URL
        var file: URL { root.appendingPathComponent("edits.yaml") }
        var folder: String { root.appendingPathComponent("results/edits").path }

        init() throws { root = try BlocksweepBinary.temporaryFolder() }

        func run(_ sweep: Sweep) throws -> BlocksweepBinary.Outcome {
            try sweep.text.write(to: file, atomically: true, encoding: .utf8)
            let run = try BlocksweepBinary.run(
                ["run", file.path, "--results", root.appendingPathComponent("results").path], in: root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            return run
        }

        /// The calibration file's id and digest now.
        func calibration() throws -> (id: String, digest: String) {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/calibration").filter {
                $0.hasPrefix("cal-") && !$0.contains("unreadable")
            }
            let plan = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json")))
            let id = try #require(
                (((plan as? [String: Any])?["calibrations"] as? [[String: Any]])?.first)?["id"] as? String)
            #expect(names.contains(id + ".json"))
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/calibration/\(id).json"))
            return (id, CalibrationFormat.digest(of: data))
        }

        /// Every job result of the plan: its job id and the digest that priced it.
        func pricing() throws -> [String: String?] {
            let plan = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json")))
            let jobs = try #require((plan as? [String: Any])?["jobs"] as? [[String: Any]]).compactMap {
                $0["id"] as? String
            }
            var out: [String: String?] = [:]
            for id in jobs {
                let report = try BenchReport.decode(
                    from: Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json")))
                out[id] = report.config.calibrationDigest
            }
            return out
        }

        /// The report's rows (judged ones), from report.json.
        func rows() throws -> [[String: Any]] {
            let json = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
            return try #require((json as? [String: Any])?["rows"] as? [[String: Any]])
        }
    }

    static func startedJobs(_ run: BlocksweepBinary.Outcome) -> [String] {
        run.stdout.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "] started ") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    /// No row lost its baseline and no row pooled two prices.
    static func expectEveryRowPairedAndOnePrice(_ w: Workspace) throws {
        let rows = try w.rows()
        #expect(!rows.isEmpty)
        for row in rows {
            let reasons = (row["reasons"] as? [String] ?? []).joined(separator: "; ")
            #expect(!reasons.contains("no full_update result"), "\(reasons)")
            #expect(!(row["flags"] as? [String] ?? []).contains("mixed-prices"), "\(reasons)")
        }
        let calibration = try w.calibration()
        let pricing = try w.pricing()
        #expect(pricing.values.allSatisfy { $0 == calibration.digest }, "\(pricing) vs \(calibration.digest)")
    }

    @Test func addingALowerFloorKeepsTheCalibrationAndRerunsNothing() throws {
        let w = try Workspace()
        var sweep = Sweep()
        _ = try w.run(sweep)
        let before = try w.calibration()
        let done = try w.pricing()
        sweep.floors = [1, 2]
        let again = try w.run(sweep)
        #expect(try w.calibration() == before, "the same file: active_1 was priced already")
        let started = Set(Self.startedJobs(again))
        #expect(started.isDisjoint(with: done.keys), "\(again.stdout)")
        #expect(!started.isEmpty && !again.stdout.contains("note: calibration"), "\(again.stdout)")
        try Self.expectEveryRowPairedAndOnePrice(w)
    }

    @Test func changingThreadsThenAddingAValueRerunsUnderTheNewCalibrationAndLosesNoBaseline() throws {
        let w = try Workspace()
        var sweep = Sweep()
        _ = try w.run(sweep)
        let old = try w.calibration()
        sweep.threads = 2
        sweep.floors = [1, 2]
        let again = try w.run(sweep)
        let new = try w.calibration()
        #expect(new.id != old.id)
        #expect(
            again.stdout.contains("note: calibration \(new.id) is new to this folder")
                && again.stdout.contains("results priced by other prices run again"), "\(again.stdout)")
        try Self.expectEveryRowPairedAndOnePrice(w)
    }

    @Test func aDeletedOrDamagedCalibrationIsMeasuredAgainAndRerunsWhatItPriced() throws {
        let w = try Workspace()
        let sweep = Sweep()
        _ = try w.run(sweep)
        let first = try w.calibration()
        let jobs = try w.pricing().keys
        try FileManager.default.removeItem(atPath: w.folder + "/calibration/\(first.id).json")
        // plan --results says what run will rerun, before anything runs.
        let plan = try BlocksweepBinary.run(
            ["plan", w.file.path, "--results", w.root.appendingPathComponent("results").path], in: w.root)
        #expect(
            plan.stdout.contains("now: calibration \(first.id) is measured again")
                && plan.stdout.contains("\(jobs.count) results priced by other prices run again"), "\(plan.stdout)")
        let afterDelete = try w.run(sweep)
        #expect(afterDelete.stdout.contains("note: calibration \(first.id) is measured again"), "\(afterDelete.stdout)")
        #expect(Set(Self.startedJobs(afterDelete)) == Set(jobs).union([first.id]), "\(afterDelete.stdout)")
        try Self.expectEveryRowPairedAndOnePrice(w)

        try Data("{\"kind\": \"blocksw".utf8).write(
            to: URL(fileURLWithPath: w.folder + "/calibration/\(first.id).json"))
        let afterDamage = try w.run(sweep)
        #expect(
            afterDamage.stdout.contains("note: calibration \(first.id) is measured again ("), "\(afterDamage.stdout)")
        try Self.expectEveryRowPairedAndOnePrice(w)
    }

    @Test func aRulesOnlyOrCapOnlyChangeRerunsNothingAndRejudges() throws {
        let w = try Workspace()
        var sweep = Sweep()
        _ = try w.run(sweep)
        let calibration = try w.calibration()
        sweep.minSpeedup = "50"
        let rules = try w.run(sweep)
        #expect(Self.startedJobs(rules).isEmpty, "\(rules.stdout)")
        #expect(try w.rows().allSatisfy { $0["verdict"] as? String == "reject" })
        sweep.cap = "2s"
        let cap = try w.run(sweep)
        #expect(Self.startedJobs(cap).isEmpty, "\(cap.stdout)")
        #expect(try w.calibration() == calibration, "calibration_cap bounds a calibration still to measure")
        try Self.expectEveryRowPairedAndOnePrice(w)
    }

    @Test func aChangedBaseValueRunsNewJobsPairedWithTheirOwnBaselines() throws {
        let w = try Workspace()
        var sweep = Sweep()
        _ = try w.run(sweep)
        let calibration = try w.calibration()
        let old = Set(try w.pricing().keys)
        sweep.lr = "0.002"
        let again = try w.run(sweep)
        #expect(try w.calibration() == calibration, "lr does not change a step's cost")
        let new = Set(try w.pricing().keys)
        #expect(new.isDisjoint(with: old), "lr changes every job's result, so every job id")
        #expect(Set(Self.startedJobs(again)) == new, "\(again.stdout)")
        try Self.expectEveryRowPairedAndOnePrice(w)
    }
}
