import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// Calibration jobs in a builtin plan (docs/sweep-file.md, "Calibration jobs"), the new sweep
/// keys, and plans from before them.
@Suite(.timeLimit(.minutes(10)))
struct CalibrationPlanTests {
    @Test func oneCalibrationPerModelShapeAndEveryJobNamesItsOwn() throws {
        let p = try plan(
            header + """
                base: {n_layers: 3, static_active_layers: 1, dyn_min_active_layers: 1, steps: 10, equal_time_budget: true}
                grid:
                  dmodel: [16, 32]
                  dyn_probe_every: [5, 10]
                seeds: [1, 2]
                """)
        #expect(p.calibrations.count == 2)
        for cal in p.calibrations {
            #expect(cal.id.hasPrefix("cal-") && cal.id.count == 20)
            #expect(cal.schedule == nil && cal.isCalibration)
            #expect(cal.params["n_layers"] == .int(3))
            #expect(Set(cal.params.keys) == Set(CalibrationPlanner.shapeNames))
        }
        for job in p.jobs {
            let cal = try #require(p.calibrations.first { $0.id == job.calibration })
            #expect(cal.params["dmodel"] == job.params["dmodel"])
            #expect(job.prerequisites.first == cal.id)
        }
        // Settings that do not change a step's cost share the calibration; the seed too.
        #expect(Set(p.jobs.compactMap(\.calibration)).count == 2)
    }

    @Test func threadsAreInTheCalibrationIdAndOtherRunnersHaveNone() throws {
        let one = try plan(header + "base: {dmodel: 16}\nexecution: {threads: 1}\n")
        let two = try plan(header + "base: {dmodel: 16}\nexecution: {threads: 2}\n")
        #expect(one.calibrations.count == 1 && two.calibrations.count == 1)
        #expect(one.calibrations[0].id != two.calibrations[0].id)
        // The id is a hash of the documented canonical text.
        var hash = FNV128()
        hash.add(
            "blocksweep-calibration 3\ndevice=cpu\nthreads=1\ndmodel=i:16\nn_layers=i:18\nhidden_mult=i:4\n"
                + "batch_size=i:8\nseq_len=i:1024\ndtype=s:bfloat16\n")
        #expect(one.calibrations[0].id == "cal-" + hash.hex(digits: 16))
        let command = try plan(header + "runner: {command: [echo, \"{x}\"]}\ngrid: {x: [1, 2]}\n")
        #expect(command.calibrations.isEmpty && command.jobs.allSatisfy { $0.calibration == nil })
    }

    /// Every kind of the shape, whatever the jobs take (docs/benchmark.md, "One price per folder"):
    /// an edit that adds a lower floor or drops a schedule keeps the calibration, so the results
    /// already there and the new ones are priced by one measurement.
    @Test func aCalibrationMeasuresEveryKindOfItsShapeWhateverTheGridTakes() throws {
        let body = """
            base: {n_layers: 8, dmodel: 16, static_active_layers: 3, dyn_min_active_layers: 2, dyn_final_full_frac: 0.1}
            grid: {dyn_max_active_layers: [4, 6]}
            """
        let quick = try plan(header + body)
        let cal = try #require(quick.calibrations.first)
        #expect(quick.calibrations.count == 1)
        #expect(cal.stepKinds == (1...8).map { "active_\($0)" } + ["probe"])
        let fixed = try plan(header + body + "\nschedules: [full_update, static_suffix]\n")
        #expect(fixed.calibrations.first?.id == cal.id, "another set of schedules, the same calibration")
        let low = try plan(
            header + body.replacingOccurrences(of: "dyn_min_active_layers: 2", with: "dyn_min_active_layers: 1"))
        #expect(low.calibrations.first?.id == cal.id, "a lower floor, the same calibration")
        // The kinds travel in plan.json.
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(quick)) == quick)
    }

    /// The kinds a calibration's jobs take, read once per distinct setting, are what every job
    /// read alone gives.
    @Test func theKindsItsJobsTakeAreReadOncePerSettingAndMissNone() throws {
        let p = try plan(
            header + """
                base: {n_layers: 8, dmodel: 16, dyn_final_full_frac: 0.1}
                grid:
                  static_active_layers: [1, 3]
                  dyn_min_active_layers: [2, 5]
                  dyn_max_active_layers: [0, 6]
                  dyn_final_recovery_mode: [full, staged]
                  dyn_probe_every: [5, 10]
                """)
        let id = try #require(p.calibrations.first?.id)
        let everyJob = StepKind.taken(
            by: p.jobs.map { ($0.schedule ?? .fullUpdate, CalibrationPlanner.benchConfig($0)) })
        #expect(CalibrationPlanner.kindsTaken(in: p, calibration: id) == everyJob)
        #expect(everyJob.count > 3)
    }

    @Test func theModelledClockChangesOnlyEqualTimeStaticAndDynamicIds() throws {
        let body =
            "base: {dmodel: 16, n_layers: 3, static_active_layers: 1, dyn_min_active_layers: 1}\ngrid: {equal_time_budget: [true, false]}\n"
        let modelled = try plan(header + body)
        let wall = try plan(header + body + "execution: {equal_time_clock: wall}\n")
        #expect(modelled.execution.equalTimeClock == .modelled && wall.execution.equalTimeClock == .wall)
        #expect(modelled.jobs.count == wall.jobs.count)
        for (m, w) in zip(modelled.jobs, wall.jobs) {
            let timed = m.params["equal_time_budget"] == .bool(true)
            #expect((m.id == w.id) == (m.schedule == .fullUpdate || !timed), "\(m.id) \(w.id)")
        }
    }

    @Test func newKeysAreReadAndCarriedInThePlan() throws {
        let p = try plan(
            header + """
                base: {dmodel: 16}
                execution: {equal_time_clock: wall, calibration_cap: 2s}
                rules: {speed: measured}
                """)
        #expect(p.execution.equalTimeClock == .wall && p.execution.calibrationCapSeconds == 2)
        #expect(p.rules.speed == .measured)
        let decoded = try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(p))
        #expect(decoded == p)
        let defaults = try plan(header + "base: {dmodel: 16}\n")
        #expect(defaults.execution.equalTimeClock == .modelled && defaults.rules.speed == .modelled)
        #expect(defaults.execution.calibrationCapSeconds == nil)
    }

    /// A plan.json from before calibration: its jobs ran on the wall clock and have no calibration.
    @Test func anOldPlanDecodesAsWallClockWithoutCalibrations() throws {
        // Today's plan.json less every key calibration added.
        let new = try plan(header + "base: {dmodel: 16}\nschedules: [full_update]\n")
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(new)) as? [String: Any])
        object["calibrations"] = nil
        var execution = try #require(object["execution"] as? [String: Any])
        execution["equal_time_clock"] = nil
        object["execution"] = execution
        var rules = try #require(object["rules"] as? [String: Any])
        rules["speed"] = nil
        object["rules"] = rules
        var jobs = try #require(object["jobs"] as? [[String: Any]])
        jobs[0]["calibration"] = nil
        object["jobs"] = jobs
        let p = try JSONDecoder().decode(Plan.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(p.execution.equalTimeClock == .wall)
        #expect(p.rules.speed == .modelled)
        #expect(p.calibrations.isEmpty && p.jobs[0].calibration == nil)
        #expect(p.allJobs.map(\.id) == new.jobs.map(\.id))
    }

    @Test func badValuesNameFileLineAndColumn() throws {
        let text =
            header
            + "base: {dmodel: 16}\nexecution: {equal_time_clock: sundial, calibration_cap: 0}\nrules: {speed: modeled}\n"
        do {
            _ = try SweepSpec.parse(text, path: "s.yaml")
            Issue.record("accepted")
        } catch let d as SweepDiagnostics {
            let r = d.rendered
            #expect(r.contains("s.yaml:4:31: error: equal_time_clock must be wall or modelled, got 'sundial'"), "\(r)")
            #expect(r.contains("s.yaml:4:57: error: calibration_cap must be above 0"), "\(r)")
            #expect(
                r.contains(
                    "s.yaml:5:16: error: speed must be modelled or measured, got 'modeled'; did you mean 'modelled'?"),
                "\(r)")
        }
    }

    @Test func theNewExecutionKeysAreRefusedForOtherRunners() throws {
        let text = header + "runner: {command: [echo, \"{x}\"]}\ngrid: {x: [1]}\nexecution: {equal_time_clock: wall}\n"
        do {
            _ = try SweepSpec.parse(text, path: "s.yaml")
            Issue.record("accepted")
        } catch let d as SweepDiagnostics {
            #expect(
                d.rendered.contains(
                    "s.yaml:5:13: error: equal_time_clock applies only to the builtin and torch runners"),
                "\(d.rendered)")
        }
    }

    /// A timeout that would kill the calibration mid-measurement is refused where it is set.
    @Test func aTimeoutShorterThanTheCalibrationCapIsRefused() throws {
        do {
            _ = try SweepSpec.parse(header + "base: {dmodel: 16}\nexecution: {timeout: 30s}\n", path: "s.yaml")
            Issue.record("accepted")
        } catch let d as SweepDiagnostics {
            #expect(
                d.rendered.contains(
                    "s.yaml:4:22: error: timeout 30s would end the calibration job, which measures for up to 60s "
                        + "(calibration_cap, calibrate's default) plus its start; make timeout at least 70s"),
                "\(d.rendered)")
        }
        let capped = try SweepSpec.parse(
            header + "base: {dmodel: 16}\nexecution: {timeout: 30s, calibration_cap: 5s}\n", path: "s.yaml")
        #expect(capped.execution.timeoutSeconds == 30)
        let command = try SweepSpec.parse(
            header + "runner: {command: [echo, \"{x}\"]}\ngrid: {x: [1]}\nexecution: {timeout: 3s}\n", path: "s.yaml")
        #expect(command.execution.timeoutSeconds == 3)
    }

    @Test func thePlanTableSummarisesCalibration() throws {
        let spec = try SweepSpec.parse(header + "base: {dmodel: 16}\nexecution: {calibration_cap: 5}\n", path: "s.yaml")
        let e = try Planner.expand(spec)
        let text = PlanTable.render(e, spec: spec)
        #expect(
            text.contains(
                "1 calibration job (step costs of each model shape × 1 thread × cpu), run before the jobs it prices, "
                    + "beside a busy neighbour on every other slot"
            ), "\(text)")
        #expect(text.contains("at most 5s (cap 5s each"), "\(text)")
        #expect(text.contains("  \(e.plan.calibrations[0].id)  dmodel=16 n_layers=18"), "\(text)")
        #expect(text.contains("  kinds active_1–18, probe\n"), "every kind of the shape: \(text)")
        #expect(text.contains("adding grid values, or changing other settings or the rules, keeps it"), "\(text)")
        #expect(
            PlanTable.kindsText(["active_2", "active_3", "active_4", "active_6", "active_8", "probe"])
                == "active_2–4, active_6, active_8, probe")
    }

    private let header = "version: 1\nname: cal\n"

    private func plan(_ text: String) throws -> Plan {
        try Planner.plan(SweepSpec.parse(text, path: "s.yaml"))
    }
}
