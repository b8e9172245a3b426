import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// Prefix forking through a real Slurm (docs/benchmark.md, "Prefix forking"): the results equal
/// the same sweep's with `fork: false` apart from wall-time fields and `forked_from`; the
/// snapshots go once no job can still need them, whoever watches (the attached runner, or
/// `status` for a detached sweep); a fork source that fails holds no dependent back.
extension RealSlurm {
    @Suite(.timeLimit(.minutes(10))) struct SlurmForkTests {
        static func sweep(name: String, fork: Bool) -> String {
            ForkSweepTests.sweep.replacingOccurrences(of: "name: forked", with: "name: \(name)")
                + "\n  backend: slurm" + (fork ? "" : "\n  fork: false") + "\n"
        }

        static func snapshots(_ folder: String) -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: folder + "/forks")) ?? []).filter {
                $0.hasSuffix(".snapshot")
            }
        }

        static func result(_ folder: String, _ id: String) throws -> BenchReport {
            try BenchReport.decode(from: Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json")))
        }

        @Test func aForkedSweepThroughSlurmEqualsItsUnforkedRun() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = "slurmfork-" + UUID().uuidString.prefix(8).lowercased()
            try Self.sweep(name: name, fork: true).write(
                to: root.appendingPathComponent("fork.yaml"), atomically: true, encoding: .utf8)
            let plan = try BlocksweepBinary.run(["plan", "fork.yaml"], in: root)
            #expect(plan.stdout.contains("prefix forking: on for 4 of 4 dynamic_suffix jobs"), "\(plan.stdout)")
            let run = try BlocksweepBinary.run(
                ["run", "fork.yaml", "--results", "forked", "--backend", "slurm"], in: root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("compute saved by forking: "), "\(run.stdout)")
            #expect(run.stdout.contains("snapshots peaked at "), "\(run.stdout)")
            let forked = root.appendingPathComponent("forked/\(name)").path
            #expect(Self.snapshots(forked).isEmpty, "the watcher deleted every snapshot: \(Self.snapshots(forked))")
            #expect(FileManager.default.fileExists(atPath: forked + "/forks"), "records were written")

            // The same sweep unforked, on the same calibration (a new one would measure other step
            // costs, and the modelled budgets would differ for that reason alone).
            try Self.sweep(name: name, fork: false).write(
                to: root.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
            let plain = root.appendingPathComponent("plain/\(name)").path
            try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: forked + "/calibration", toPath: plain + "/calibration")
            let again = try BlocksweepBinary.run(
                ["run", "plain.yaml", "--results", "plain", "--backend", "slurm"], in: root)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            #expect(!again.stdout.contains("compute saved by forking"), "\(again.stdout)")

            let jobs = try ResultsFolder(path: forked).readPlan().jobs
            #expect(
                jobs.filter { $0.schedule == .dynamicSuffix }.count == 4
                    && jobs.contains { $0.forkFrom?.hasPrefix("dyn-") == true })
            var forkedJobs = 0
            for job in jobs {
                let a = try Self.result(forked, job.id)
                let b = try Self.result(plain, job.id)
                #expect(b.results.first?.forkedFrom == nil)
                if let origin = a.results.first?.forkedFrom {
                    forkedJobs += 1
                    #expect(origin.step > 0 && (origin.job == job.forkFrom || origin.job.hasPrefix("full-")))
                }
                #expect(ForkSweepTests.comparable(a) == ForkSweepTests.comparable(b), "\(job.id)")
            }
            #expect(forkedJobs == 4, "every dynamic_suffix job forked")
        }

        /// Detached: nobody watches, so `status` deletes the snapshots when it collects, and the
        /// `run` that collects at the end says what forking saved.
        @Test func aDetachedForkedSweepHasItsSnapshotsDeletedByStatus() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = "slurmforkdetach-" + UUID().uuidString.prefix(8).lowercased()
            try Self.sweep(name: name, fork: true).write(
                to: root.appendingPathComponent("fork.yaml"), atomically: true, encoding: .utf8)
            let args = ["run", "fork.yaml", "--results", "r", "--backend", "slurm"]
            let detached = try BlocksweepBinary.run(args + ["--detach"], in: root)
            #expect(detached.status == 0, "\(detached.stdout)\(detached.stderr)")
            #expect(detached.stdout.contains("Detached: "), "\(detached.stdout)")
            let folder = root.appendingPathComponent("r/\(name)").path
            var status = ""
            try Eventually.wait(for: "`status` to write \(folder)/report.md", lastSeen: status) {
                status = try BlocksweepBinary.run(["status", folder], in: root).stdout
                return FileManager.default.fileExists(atPath: folder + "/report.md")
            }
            // The status that writes the report reads the journal and results after its collect
            // asked Slurm; a task that ended in between is collected, and its source's snapshots
            // deleted, by the next status (a fresh clone's CI run met this once).
            try Eventually.wait(
                for: "`status` to delete the snapshots", lastSeen: "\(Self.snapshots(folder)); \(status)"
            ) {
                if Self.snapshots(folder).isEmpty { return true }
                status = try BlocksweepBinary.run(["status", folder], in: root).stdout
                return Self.snapshots(folder).isEmpty
            }
            let forked = try ResultsFolder(path: folder).readPlan().jobs.filter {
                (try? Self.result(folder, $0.id).results.first?.forkedFrom) != nil
            }
            #expect(forked.count == 4)
            let collect = try BlocksweepBinary.run(args, in: root)
            #expect(collect.status == 0, "\(collect.stdout)\(collect.stderr)")
            #expect(collect.stdout.contains("compute saved by forking: "), "\(collect.stdout)")
        }

        /// A fork source that fails for good holds its dependent back neither in Slurm (`afterany`
        /// on its task) nor in the watcher (it is no requirement): the dependent runs, and is not
        /// skipped.
        @Test func aFailedForkSourceHoldsNoDependentBack() throws {
            try LocalSlurm.require()
            let box = try Sandbox()
            defer { box.remove() }
            func job(_ id: String, _ mode: String, forkFrom: String? = nil) -> Job {
                var job = Job(id: id, schedule: nil, seed: 1, params: ["mode": .string(mode)])
                job.forkFrom = forkFrom
                return job
            }
            let plan = Plan(
                name: "forkfail-" + UUID().uuidString.prefix(8).lowercased(),
                jobs: [
                    job("base", "ok"), job("sibling", "fail", forkFrom: "base"), job("dep", "ok", forkFrom: "sibling")
                ],
                runner: .command(["/bin/sh", box.script, "{result}", "{mode}"]),
                execution: ExecutionSettings(threads: 1, retries: 0, backend: .slurm(SlurmSettings())))
            let (executor, folder, outcome) = try SlurmBackendTests.runInProcess(plan, in: box)
            #expect(outcome.done == 2 && outcome.failed == 1 && outcome.skipped == 0, "\(outcome)")
            #expect(executor.submissions.count == 3, "\(executor.submissions)")
            let sibling = try #require(executor.submissions.dropFirst().first?.split(separator: ":").first)
            #expect(executor.submissions.last?.contains("afterany:\(sibling)_0:") == true, "\(executor.submissions)")
            let lines = try SlurmBackendTests.journal(folder.path)
            let failed = try #require(lines.firstIndex { $0.job == "sibling" && $0.event == "failed" })
            let started = try #require(lines.firstIndex { $0.job == "dep" && $0.event == "started" })
            #expect(failed < started, "it waited for its source to end")
        }
    }
}
