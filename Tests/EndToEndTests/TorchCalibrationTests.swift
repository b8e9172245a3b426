import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// The torch runner's calibration agrees with the engine's: `calibrate --kinds` is read and
/// refused alike, the file has the same shape (`kinds`, nulls, no `probe_step_ms` without
/// probes), and `--calibration` refuses a file lacking a kind the run can take by the same rule
/// (its port of StepKind.taken) and with the same message. The first two tests need only a
/// Python (the script checks these before importing torch), so they run everywhere; the third
/// needs torch and, like TorchSweepTests, fails in CI without it.
@Suite(.serialized, .timeLimit(.minutes(10)), .tags(.torch), .leftOutOfTheQuickLoop) struct TorchCalibrationTests {
    static let script = BlocksweepBinary.packageRoot.appendingPathComponent("tools/blocksweep_torch.py").path
    /// The torch venv's interpreter where torch imports, else any python3.
    static let python = TorchSweepTests.torchImports ? TorchSweepTests.python : "python3"
    static let model = [
        "--device", "cpu", "--threads", "1", "--dtype", "float32", "--dmodel", "16", "--n-layers", "4",
        "--hidden-mult", "2", "--batch-size", "2", "--seq-len", "4"
    ]

    static func runPython(_ arguments: [String], in folder: URL) throws -> BlocksweepBinary.Outcome {
        try BlocksweepBinary.Running(
            [python] + arguments, in: folder, environment: ["PYTHONDONTWRITEBYTECODE": "1"],
            executable: URL(fileURLWithPath: "/usr/bin/env")
        ).finish()
    }

    /// Every setting the rule reads, over a grid that clamps each count from both sides, and
    /// each schedule alone and all three together: the script's `step_kinds_taken` lists the
    /// kinds StepKind.taken lists, in the same order.
    @Test func theScriptsStepKindRuleIsTheEngines() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scheduleSets: [[Schedule]] = [[.fullUpdate], [.staticSuffix], [.dynamicSuffix], Schedule.allCases]
        var cases: [[String: Any]] = []
        var expected: [[String]] = []
        for n in 1...5 {
            for staticLayers in 0...6 {
                for floor in 0...6 {
                    for cap in 0...6 {
                        for (frac, mode) in [(0.0, "staged"), (0.25, "full"), (0.25, "staged")] {
                            var c = BenchConfig()
                            c.nLayers = n
                            c.staticActiveLayers = staticLayers
                            c.dynMinActiveLayers = floor
                            c.dynMaxActiveLayers = cap
                            c.dynFinalFullFrac = frac
                            c.dynFinalRecoveryMode = mode == "full" ? .full : .staged
                            let config: [String: Any] = [
                                "n_layers": n, "static_active_layers": staticLayers, "dyn_min_active_layers": floor,
                                "dyn_max_active_layers": cap, "dyn_final_full_frac": frac,
                                "dyn_final_recovery_mode": mode
                            ]
                            for schedules in scheduleSets {
                                cases.append(["config": config, "schedules": schedules.map(\.rawValue)])
                                expected.append(StepKind.taken(by: schedules.map { ($0, c) }).map(\.description))
                            }
                        }
                    }
                }
            }
        }
        let input = folder.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: input)
        let program = """
            import json, sys, types
            sys.path.insert(0, sys.argv[1])
            from blocksweep_torch.step_kinds import step_kinds_taken
            cases = json.load(open(sys.argv[2]))
            print(json.dumps([step_kinds_taken(k["schedules"], types.SimpleNamespace(**k["config"])) for k in cases]))
            """
        let run = try Self.runPython(
            ["-c", program, (Self.script as NSString).deletingLastPathComponent, input.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let got = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String]])
        #expect(got.count == expected.count)
        let differing = zip(cases, zip(got, expected)).filter { $1.0 != $1.1 }
        #expect(differing.isEmpty, "\(differing.count) cases differ, e.g. \(differing.prefix(3))")
    }

    static let badKinds = [
        "active_2,bogus", "active_0", "active_02", "", "active_2,,probe", "active_+2", "active_99999999999999999999",
        "active_5,probe", "probe, active_9"
    ]

    /// A bad `--kinds` exits 2 with the engine's very message, which names the flag.
    @Test(arguments: badKinds) func aBadKindsListGetsTheEnginesError(_ kinds: String) throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let flags = ["calibrate"] + Self.model + ["--kinds", kinds, "--json-out", "c.json"]
        let engine = try BlocksweepBinary.run(flags, in: folder)
        let torch = try Self.runPython([Self.script] + flags, in: folder)
        #expect(engine.status == 2 && torch.status == 2, "\(engine.stderr)\(torch.stderr)")
        #expect(engine.stderr.hasPrefix("error: --kinds: "), "\(engine.stderr)")
        #expect(torch.stderr == engine.stderr)
    }

    @Test(.enabled(if: TorchSweepTests.torchImports || TorchSweepTests.inCI, "torch is not installed"))
    func aKindsCalibrationWritesKindsAndNullsAndARunLackingAKindIsRefusedAsByTheEngine() throws {
        try #require(TorchSweepTests.torchImports, "\(TorchSweepTests.python) cannot import torch")
        let folder = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cal = try Self.runPython(
            [Self.script, "calibrate"] + Self.model + [
                "--kinds", "active_2", "--cap-seconds", "1", "--json-out", "cal.json"
            ],
            in: folder)
        #expect(cal.status == 0, "\(cal.stderr)")
        let file = folder.appendingPathComponent("cal.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        // The full step is always measured; no probe was, so there is no probe_step_ms.
        #expect(json["kinds"] as? [String] == ["active_2", "active_4"])
        #expect(json["probe_step_ms"] == nil)
        let active = try #require(json["active_step_ms"] as? [Any])
        #expect(active.count == 4 && active[0] is NSNull && active[2] is NSNull, "\(active)")
        #expect(active[1] is Double && active[3] is Double, "\(active)")
        for key in ["relative", "relative_halfwidth"] {
            let values = try #require(json[key] as? [Any])
            #expect(values.count == 5 && values[0] is NSNull && values[2] is NSNull && values[4] is NSNull, "\(key)")
        }
        #expect(!cal.stdout.contains("active_1") && !cal.stdout.contains("probe") && cal.stdout.contains("active_2"))

        // dynamic_suffix with floor 1 takes probes and active_1…active_4: refused by both engines alike.
        let run = Self.model + ["--steps", "3", "--warmup-ignore-steps", "1", "--val-batches", "1"]
        let dynamic =
            run + [
                "--schedules", "dynamic_suffix", "--dyn-min-active-layers", "1", "--calibration", "cal.json",
                "--json-out", "r.json"
            ]
        let engine = try BlocksweepBinary.run(["bench"] + dynamic, in: folder)
        let torch = try Self.runPython([Self.script] + dynamic, in: folder)
        #expect(engine.status == 2 && torch.status == 2, "\(engine.stderr)\(torch.stderr)")
        #expect(
            torch.stderr.contains(
                "error: --calibration cal.json: does not price step kinds active_1, active_3, probe that this run "
                    + "can take (it measured active_2, active_4); calibrate with --kinds "
                    + "active_1,active_2,active_3,active_4,probe"), "\(torch.stderr)")
        #expect(torch.stderr == engine.stderr)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.json").path))

        // A file that lists a kind it holds no cost for is refused too, as by the engine.
        json["kinds"] = ["active_2", "active_4", "probe"]
        try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("bad.json"))
        let lying = run + ["--schedules", "full_update", "--calibration", "bad.json"]
        let engineLying = try BlocksweepBinary.run(["bench"] + lying, in: folder)
        let torchLying = try Self.runPython([Self.script] + lying, in: folder)
        #expect(torchLying.status == 2 && torchLying.stderr == engineLying.stderr, "\(torchLying.stderr)")
        #expect(torchLying.stderr.contains("holds a calibrated step cost that is not a positive number"))

        // full_update and static_suffix with 2 active take only active_2 and active_4: priced.
        let priced = try Self.runPython(
            [Self.script] + run + [
                "--schedules", "full_update,static_suffix", "--static-active-layers", "2", "--calibration", "cal.json",
                "--json-out", "r.json"
            ], in: folder)
        #expect(priced.status == 0, "\(priced.stderr)")
        let report = try BenchReport.decode(from: Data(contentsOf: folder.appendingPathComponent("r.json")))
        #expect(report.results.count == 2 && report.results.allSatisfy { $0.modelledElapsedMs != nil })
    }
}
