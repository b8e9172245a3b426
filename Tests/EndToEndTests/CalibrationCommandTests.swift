import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

@testable import BlockBench
@testable import blocksweep

/// `blocksweep calibrate`, and `bench --calibration --equal-time-clock modelled` run as a user would.
@Suite(.serialized, .timeLimit(.minutes(10)), .tags(.slow), .leftOutOfTheQuickLoop) struct CalibrationCommandTests {
    static let model = [
        "--dmodel", "32", "--n-layers", "4", "--hidden-mult", "2", "--batch-size", "2",
        "--seq-len", "16", "--dtype", "float32", "--threads", "1"
    ]
    static let dynamic = [
        "--device", "cpu", "--steps", "40", "--equal-time-budget", "--dyn-warmup-steps", "4",
        "--dyn-probe-every", "5", "--dyn-min-active-layers", "1", "--dyn-final-full-frac", "0.2",
        "--dyn-freeze-start-frac", "0.4", "--schedules", "full_update,dynamic_suffix"
    ]

    func calibrate(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("cal.json")
        let run = try BlocksweepBinary.run(["calibrate"] + Self.model + ["--cap-seconds", "1", "--json-out", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        return file
    }

    @Test func calibrateWritesTheContractsJSON() throws {
        let file = try calibrate(in: try BlocksweepBinary.temporaryFolder())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(
            Set(json.keys) == [
                "kind", "version", "model", "device", "threads", "cpu_model", "blas_core",
                "active_step_ms", "probe_step_ms", "relative", "relative_halfwidth", "rounds",
                "seconds", "cap_seconds", "target", "converged", "kinds", "neighbours"
            ])
        #expect(json["neighbours"] as? Int == 0, "measured alone: no --neighbour-cores")
        #expect(json["kinds"] as? [String] == ["active_1", "active_2", "active_3", "active_4", "probe"])
        let record = try CalibrationRecord.decode(from: Data(contentsOf: file))
        #expect(record.model == CalibrationRecord.Model(config: try BenchCommandLine.parse(Self.model).config))
        #expect(record.activeStepMs.count == 4 && record.relative.count == 5 && record.relativeHalfwidth.count == 5)
        #expect(record.relative[3] == 1)
        #expect(record.rounds >= 2 && record.seconds > 0 && record.capSeconds == 1 && record.threads == 1)
        #expect(record.seconds < 1 || !record.converged || record.rounds >= 5)
    }

    /// The same dynamic equal-time job alone, then beside two CPU-bound processes: with the
    /// modelled clock everything but the wall-time fields comes out identical.
    /// `--neighbour-cores`: a busy neighbour trains this model on those cores while the
    /// calibration measures, is counted in the file, and is gone when calibrate exits.
    @Test func aCalibrationMeasuresBesideItsNeighboursAndLeavesNoneBehind() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let file = folder.appendingPathComponent("cal.json")
        let running = try BlocksweepBinary.Running(
            ["calibrate"] + Self.model + ["--cap-seconds", "1", "--neighbour-cores", "0", "--json-out", file.path],
            in: folder)
        let pid = running.process.processIdentifier
        let run = running.finish()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("beside 1 busy neighbour"), "\(run.stdout)")
        let record = try CalibrationRecord.decode(from: Data(contentsOf: file))
        #expect(record.neighbours == 1)
        // calibrate waits for its neighbours before it exits: none is left running.
        let children = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { entry in
            guard Int32(entry) != nil,
                let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return false }
            return String(decoding: cmdline, as: UTF8.self).contains("--neighbour-of\u{0}\(pid)\u{0}")
        }
        #expect(children.isEmpty, "neighbours left: \(children)")
    }

    @Test(arguments: ["--neighbour-cores=x", "--neighbour-cores=3-1", "--neighbour-of=7"])
    func badNeighbourFlagsExit2NamingTheFlag(_ flag: String) throws {
        let run = try BlocksweepBinary.run(["calibrate"] + Self.model + [flag, "--json-out", "/tmp/never.json"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(String(flag.prefix { $0 != "=" })), "\(run.stderr)")
    }

    @Test func theModelledClockMakesAnEqualTimeJobIgnoreMachineLoad() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let calibration = try calibrate(in: folder)
        let args =
            ["bench"] + Self.model + Self.dynamic + [
                "--calibration", calibration.path, "--equal-time-clock", "modelled"
            ]
        let alone = folder.appendingPathComponent("alone.json")
        let loaded = folder.appendingPathComponent("loaded.json")
        #expect(try BlocksweepBinary.run(args + ["--json-out", alone.path]).status == 0)

        let hogs = try (0..<2).map { _ in
            let hog = Process()
            hog.executableURL = URL(fileURLWithPath: "/bin/sh")
            hog.arguments = ["-c", "while :; do :; done"]
            try hog.run()
            return hog
        }
        // SIGKILL: a shell loop may be started with SIGTERM ignored.
        defer {
            for hog in hogs {
                kill(hog.processIdentifier, SIGKILL)
                hog.waitUntilExit()
            }
        }
        let run = try BlocksweepBinary.run(args + ["--json-out", loaded.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(hogs.allSatisfy { $0.isRunning }, "the load was there throughout")

        let a = try Self.withoutWallTime(alone)
        let b = try Self.withoutWallTime(loaded)
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
        let report = try BenchReport.decode(from: Data(contentsOf: loaded))
        #expect(report.config.equalTimeClock == "modelled" && report.config.calibration == "cal.json")
        let dyn = try #require(report.result(for: .dynamicSuffix))
        #expect(try #require(dyn.stepsExecuted) < 120, "the budget, not the step limit, ended the run")
        #expect(dyn.modelledElapsedMs != nil && dyn.speedupVsFullModelled != nil)
    }

    /// The result JSON less what the wall clock decides.
    static func withoutWallTime(_ file: URL) throws -> [String: Any] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        json["timestamp_utc"] = nil
        let wall = ["elapsed_ms", "mean_step_ms", "p50_step_ms", "p90_step_ms", "speedup_vs_full"]
        json["results"] = (json["results"] as? [[String: Any]])?.map { row in
            row.filter { !wall.contains($0.key) }
        }
        json["traces"] = (json["traces"] as? [String: [String: Any]])?.mapValues { trace in
            trace.filter { $0.key != "step_times_ms" }
        }
        #expect((json["results"] as? [Any])?.count == 2)
        return json
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let args: [String], message: String
        var testDescription: String { message }
    }

    static let bad: [Bad] = [
        Bad(
            args: ["calibrate", "--target", "2", "--json-out", "c.json"],
            message: "error: --target: must be a fraction in (0, 1), got '2'"),
        Bad(args: ["calibrate", "--cap-seconds", "soon"], message: "error: --cap-seconds: must be a positive number"),
        Bad(args: ["calibrate", "--steps", "3"], message: "error: --steps: not a calibrate flag"),
        Bad(
            args: ["calibrate", "--dmodel", "0", "--json-out", "c.json"],
            message: "error: --dmodel: must be a positive integer"),
        Bad(args: ["calibrate", "--dmodel", "8"], message: "error: --json-out: calibrate needs a file"),
        Bad(
            args: ["calibrate", "--kinds", "active_2,active_0", "--json-out", "c.json"],
            message: "error: --kinds: 'active_0' is not a step kind (active_<k> for k ≥ 1, or probe)"),
        Bad(
            args: ["calibrate", "--n-layers", "4", "--kinds", "active_5,probe", "--json-out", "c.json"],
            message: "error: --kinds: active_5 needs more blocks than --n-layers 4"),
        Bad(
            args: ["bench", "--equal-time-clock", "modelled"],
            message: "error: --equal-time-clock modelled: needs --calibration"),
        Bad(
            args: ["bench", "--equal-time-clock", "sundial"],
            message: "error: --equal-time-clock: expected wall or modelled, got 'sundial'"),
        Bad(
            args: ["bench", "--calibration", "/nonexistent/cal.json"],
            message: "error: --calibration /nonexistent/cal.json: cannot read the file")
    ]

    @Test(arguments: bad) func badFlagsExit2NamingTheFlag(_ bad: Bad) throws {
        let run = try BlocksweepBinary.run(bad.args)
        #expect(run.status == 2)
        #expect(run.stderr.contains(bad.message), "\(run.stderr)")
    }

    @Test func aCalibrationOfAnotherModelOrThreadCountIsRefused() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let file = try calibrate(in: folder)
        let other = try BlocksweepBinary.run(["bench"] + Self.model + ["--dmodel", "64", "--calibration", file.path])
        #expect(other.status == 2)
        #expect(
            other.stderr.contains("--calibration \(file.path): calibrated for dmodel = 32, this run has 64"),
            "\(other.stderr)")
        let threads = try BlocksweepBinary.run(["bench"] + Self.model + ["--threads", "2", "--calibration", file.path])
        #expect(threads.status == 2)
        #expect(threads.stderr.contains("calibrated for threads = 1, this run has 2"), "\(threads.stderr)")
        let notCalibration = folder.appendingPathComponent("x.json")
        try Data("{\"kind\": \"other\"}".utf8).write(to: notCalibration)
        let wrong = try BlocksweepBinary.run(["bench"] + Self.model + ["--calibration", notCalibration.path])
        #expect(wrong.status == 2 && wrong.stderr.contains("not a calibration JSON"))
    }

    /// `calibrate --kinds` measures those kinds and the full step; `bench` refuses to price a
    /// run that can take a kind the file lacks, and accepts one that cannot.
    @Test func calibrateKindsMeasuresThoseAndBenchRefusesARunThatNeedsAnother() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let file = folder.appendingPathComponent("cal.json")
        let cal = try BlocksweepBinary.run(
            ["calibrate"] + Self.model + ["--kinds", "active_2,probe", "--cap-seconds", "1", "--json-out", file.path])
        #expect(cal.status == 0, "\(cal.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(json["kinds"] as? [String] == ["active_2", "active_4", "probe"])
        let active = try #require(json["active_step_ms"] as? [Any])
        #expect(active.count == 4 && active[0] is NSNull && active[2] is NSNull && active[1] is Double)
        #expect(!cal.stdout.contains("active_1") && cal.stdout.contains("active_2"), "\(cal.stdout)")

        // The dynamic job's floor is 1: it can take active_1 (and active_3), which the file lacks.
        let refused = try BlocksweepBinary.run(
            ["bench"] + Self.model + Self.dynamic + [
                "--calibration", file.path, "--equal-time-clock", "modelled",
                "--json-out", folder.appendingPathComponent("r.json").path
            ])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "--calibration \(file.path): does not price step kinds active_1, active_3 that this run can take"),
            "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.json").path))

        // Floor and cap 2: every kind it can take is in the file.
        let priced = try BlocksweepBinary.run(
            ["bench"] + Self.model + Self.dynamic + [
                "--dyn-min-active-layers", "2", "--dyn-max-active-layers", "2",
                "--calibration", file.path, "--equal-time-clock", "modelled",
                "--json-out", folder.appendingPathComponent("r.json").path
            ])
        #expect(priced.status == 0, "\(priced.stderr)")
    }
}
