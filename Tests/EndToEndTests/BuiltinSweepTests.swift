import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A tiny sweep on the real engine, through `blocksweep run` and `blocksweep status`.
@Suite(.timeLimit(.minutes(10))) struct BuiltinSweepTests {
    static let sweep = """
        version: 1
        name: tiny
        base:
          dmodel: 16
          n_layers: 3
          hidden_mult: 2
          batch_size: 2
          seq_len: 4
          steps: 6
          equal_time_budget: true
          static_active_layers: 1
          dyn_warmup_steps: 2
          warmup_ignore_steps: 1
        grid:
          dyn_min_active_layers: [1, 2]
        seeds: [1]
        execution:
          threads: 1
          timeout: 60s
          calibration_cap: 2s
        """

    @Test func runsATinySweepEndToEnd() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let file = box.root.appendingPathComponent("tiny.yaml")
        try Self.sweep.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try BlocksweepBinary.run(["run", file.path, "--results", box.path + "/results"], in: box.root)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        // The calibration is counted too, and named as one.
        #expect(outcome.stdout.contains("tiny: 5 done, 0 failed, 0 skipped of 4 jobs and 1 calibration\n"))

        let folder = ResultsFolder(path: box.path + "/results/tiny")
        let plan = try folder.readPlan()
        #expect(try String(contentsOfFile: folder.sweepCopy, encoding: .utf8) == Self.sweep)
        let entries = Journal.read(path: folder.journal)
        for job in plan.jobs {
            let report = try BenchReport.decode(from: try Data(contentsOf: URL(fileURLWithPath: folder.result(job.id))))
            #expect(report.results.map(\.schedule) == [job.schedule!])
            #expect(report.system.blasThreads == 1)
            #expect(entries.filter { $0.job == job.id && $0.event == .done }.count == 1)
            // Dynamic runs start only after their full_update baseline is done.
            for dependency in job.dependsOn {
                let baseDone = try #require(entries.firstIndex { $0.job == dependency && $0.event == .done })
                let started = try #require(entries.firstIndex { $0.job == job.id && $0.event == .started })
                #expect(baseDone < started)
            }
            if job.schedule == .dynamicSuffix {
                #expect(report.result(for: .dynamicSuffix)?.speedupVsFull != nil)
            }
        }

        let status = try BlocksweepBinary.run(["status", folder.path], in: box.root)
        #expect(status.stdout.hasPrefix("tiny: finished\n5/5 done · 0 failed · 0 running · 0 queued"))

        // The same command again runs nothing.
        let again = try BlocksweepBinary.run(["run", file.path, "--results", box.path + "/results"], in: box.root)
        #expect(again.status == 0 && !again.stdout.contains("started"))
        #expect(Journal.read(path: folder.journal).count == entries.count)
    }
}
