import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// How calibration jobs and the jobs that read them become command lines, where their files go,
/// and how every core is used by default.
@Suite(.timeLimit(.minutes(10)))
struct CalibrationRunnerTests {
    let calibration = Job(
        id: "cal-0123456789abcdef", schedule: nil, seed: 42,
        params: [
            "dmodel": .int(16), "n_layers": .int(3), "hidden_mult": .int(4), "batch_size": .int(8),
            "seq_len": .int(1024), "dtype": .string("bfloat16")
        ])

    @Test func aCalibrationJobRunsCalibrateOnItsSlotsCoresWithTheSweepsCap() {
        let runner = BuiltinRunner(
            blocksweepPath: "/bin/blocksweep", equalTimeClock: .modelled, calibrationCapSeconds: 2.5)
        let argv = runner.arguments(
            for: calibration, slot: .cpu([2, 3]), resultPath: "/r/cal.json", baselineResults: [],
            calibrationResult: nil)
        #expect(
            argv == [
                "/bin/blocksweep", "calibrate", "--seed", "42", "--batch-size", "8", "--dmodel", "16",
                "--dtype", "bfloat16", "--hidden-mult", "4", "--n-layers", "3", "--seq-len", "1024",
                "--threads", "2", "--cap-seconds", "2.5", "--json-out", "/r/cal.json"
            ])
        let uncapped = BuiltinRunner(blocksweepPath: "/bin/blocksweep")
        #expect(
            !uncapped.arguments(
                for: calibration, slot: .cpu([0]), resultPath: "/r/cal.json", baselineResults: [],
                calibrationResult: nil
            ).contains("--cap-seconds"))
    }

    /// The planner's step kinds reach `calibrate --kinds`; a plan without them measures every kind.
    @Test func aCalibrationJobAsksForItsStepKinds() {
        var job = calibration
        job.stepKinds = ["active_2", "active_3", "probe"]
        let argv = BuiltinRunner(blocksweepPath: "/bin/blocksweep").arguments(
            for: job, slot: .cpu([0]), resultPath: "/r/cal.json", baselineResults: [], calibrationResult: nil)
        #expect(Array(argv.suffix(4)) == ["--kinds", "active_2,active_3,probe", "--json-out", "/r/cal.json"])
        let every = BuiltinRunner(blocksweepPath: "/bin/blocksweep").arguments(
            for: calibration, slot: .cpu([0]), resultPath: "/r/cal.json", baselineResults: [],
            calibrationResult: nil)
        #expect(!every.contains("--kinds"))
    }

    @Test func aBenchJobGetsItsCalibrationAndTheSweepsClock() {
        let job = Job(
            id: "dyn-1", schedule: .dynamicSuffix, seed: 1, params: ["equal_time_budget": .bool(true)],
            dependsOn: ["full-1"], calibration: calibration.id)
        for clock in EqualTimeClock.allCases {
            let runner = BuiltinRunner(blocksweepPath: "/bin/blocksweep", equalTimeClock: clock)
            let argv = runner.arguments(
                for: job, slot: .cpu([0]), resultPath: "/r/x.json", baselineResults: ["/r/full.json"],
                calibrationResult: "/r/calibration/cal.json")
            #expect(
                argv == [
                    "/bin/blocksweep", "bench", "--schedules", "dynamic_suffix", "--seed", "1", "--equal-time-budget",
                    "--threads", "1", "--json-out", "/r/x.json", "--baseline-json", "/r/full.json",
                    "--calibration", "/r/calibration/cal.json", "--equal-time-clock", clock.rawValue
                ])
        }
    }

    @Test func calibrationResultsLiveInTheirOwnFolder() {
        let folder = ResultsFolder(path: "/res/s")
        #expect(folder.result(calibration.id) == "/res/s/calibration/\(calibration.id).json")
        #expect(folder.result("dyn-1") == "/res/s/jobs/dyn-1/result.json")
    }

    /// A result written before the sweep had a calibration has no modelled step times: it is
    /// not this job's result, so a resumed run runs it again.
    @Test func aResultWithoutModelledTimesIsNotACalibratedJobsResult() {
        let runner = BuiltinRunner(blocksweepPath: "/bin/blocksweep")
        let job = Job(id: "full-1", schedule: .fullUpdate, seed: 1, params: [:], calibration: calibration.id)
        var result = ScheduleResult(schedule: .fullUpdate, notes: "")
        let header = {
            BenchReportHeader(
                config: ConfigRecord(settings: BenchConfig(), resolvedDevice: "cpu"), system: SystemInfo(),
                results: [result])
        }
        #expect(runner.mismatch(in: header(), for: job)?.contains("no modelled step times") == true)
        result.modelledElapsedMs = 12
        #expect(runner.mismatch(in: header(), for: job) == nil)
        var uncalibrated = job
        uncalibrated.calibration = nil
        result.modelledElapsedMs = nil
        #expect(runner.mismatch(in: header(), for: uncalibrated) == nil)
    }

    @Test func aCalibrationFileIsCheckedAndSummarised() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json").path
        try Data(
            """
            {"kind": "blocksweep-calibration", "version": 1, "relative": [0.4, 1.0, 1.1],
             "relative_halfwidth": [0.004, 0.002, 0.027], "rounds": 40, "seconds": 60.2, "cap_seconds": 60, "converged": false}
            """.utf8
        ).write(to: URL(fileURLWithPath: good))
        let summary = try CalibrationSummary.read(good).get()
        #expect(summary.text() == "capped before ±1%: worst ±2.7%, 60 s")
        let other = dir.appendingPathComponent("other.json").path
        try Data(#"{"kind": "something-else"}"#.utf8).write(to: URL(fileURLWithPath: other))
        #expect(throws: CalibrationProblem.self) { try CalibrationSummary.read(other).get() }
        #expect(ResultCheck.check(at: other, job: calibration, runner: BuiltinRunner(blocksweepPath: "/b")) != nil)
        #expect(ResultCheck.check(at: good, job: calibration, runner: BuiltinRunner(blocksweepPath: "/b")) == nil)
        // `--kinds` leaves nulls for the kinds not measured: still a calibration.
        let some = dir.appendingPathComponent("some.json").path
        try Data(
            """
            {"kind": "blocksweep-calibration", "version": 1, "kinds": ["active_2", "probe"], "relative": [null, 1.0, 1.1],
             "relative_halfwidth": [null, 0, 0.008], "rounds": 40, "seconds": 9.5, "cap_seconds": 60, "converged": true}
            """.utf8
        ).write(to: URL(fileURLWithPath: some))
        #expect(try CalibrationSummary.read(some).get().text() == "converged, worst ±0.8%, 10 s")
        #expect(ResultCheck.check(at: some, job: calibration, runner: BuiltinRunner(blocksweepPath: "/b")) == nil)
    }

    /// Every core busy: without `parallel`, one CPU slot per `threads` cores, all disjoint.
    @Test func withoutParallelEveryUsableCoreGetsAJob() throws {
        let machine = MachineDevices(cores: [0, 1], gpus: [], hasNvidiaSMI: false)
        let layout = try SlotLayout.make(devices: nil, machine: machine, threads: 1, parallel: nil, kinds: [.cpu])
        #expect(layout.slots == [.cpu([0]), .cpu([1])])
    }
}
