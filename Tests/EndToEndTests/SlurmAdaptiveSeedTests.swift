import BlocksweepTestSupport
import Foundation
import Testing

/// Adaptive seeds (`seeds: {initial, max}`) through the Slurm backend, against the real local
/// Slurm (as SlurmBackendTests: skipped where none answers, failed under CI=true). The sweep is
/// AdaptiveSeedSweepTests' example, whose verdicts are known in advance: each round goes to
/// Slurm as its own arrays, and the added jobs and verdicts are those of the local backend.
extension RealSlurm {
    @Suite(.timeLimit(.minutes(10))) struct SlurmAdaptiveSeedTests {
        /// The example under a name of its own (Slurm remembers earlier tests' tasks by job name),
        /// its command run through `wrapper` when given, the script named by its absolute path.
        static func sweep(_ root: URL, name: String, wrapper: String? = nil) throws -> String {
            let file = root.appendingPathComponent("\(name).yaml")
            try AdaptiveSeedSweepTests.sweep(wrapper: wrapper)
                .replacingOccurrences(of: "name: command-adaptive-seeds", with: "name: \(name)")
                .write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }

        static func uniqueName(_ prefix: String) -> String {
            prefix + "-" + UUID().uuidString.prefix(8).lowercased()
        }

        /// Each job is submitted once, and each added job is journaled `added` before `submitted`.
        static func checkSubmittedOnce(_ folder: String) throws {
            let lines = try SlurmBackendTests.journal(folder)
            for job in Set(lines.map(\.job)) {
                let mine = lines.filter { $0.job == job }
                #expect(mine.filter { $0.event == "submitted" }.count == 1, "\(job): \(mine.map(\.event))")
                if let added = mine.firstIndex(where: { $0.event == "added" }) {
                    let submitted = try #require(mine.firstIndex { $0.event == "submitted" })
                    #expect(added < submitted, "\(job) was submitted before it was journaled as added")
                }
            }
        }

        @Test func roundsThroughSlurmAddTheSameJobsAndVerdictsAsTheLocalBackend() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = Self.uniqueName("adaptive")
            let file = try Self.sweep(root, name: name)
            let local = try BlocksweepBinary.run(["run", file, "--results", "local"], in: root)
            #expect(local.status == 0, "\(local.stdout)\(local.stderr)")
            let slurm = try BlocksweepBinary.run(["run", file, "--results", "slurm", "--backend", "slurm"], in: root)
            #expect(slurm.status == 0, "\(slurm.stdout)\(slurm.stderr)")
            #expect(slurm.stdout.contains("\(name): 6 jobs through Slurm"), "\(slurm.stdout)")
            #expect(slurm.stdout.contains("adaptive seeds: 1 job added (seed 3)"), "\(slurm.stdout)")
            #expect(slurm.stdout.contains("\(name): 10 done, 0 failed, 0 skipped of 10 jobs"), "\(slurm.stdout)")

            let localFolder = root.appendingPathComponent("local/\(name)").path
            let slurmFolder = root.appendingPathComponent("slurm/\(name)").path
            try AdaptiveSeedSweepTests.checkVerdicts(slurmFolder)
            try AdaptiveSeedSweepTests.checkJournal(slurmFolder)
            try Self.checkSubmittedOnce(slurmFolder)
            // The same jobs, added in the same order, and the same rows.
            func jobIDs(_ folder: String) throws -> [String] {
                let plan = try #require(try AdaptiveSeedSweepTests.json(folder + "/plan.json") as? [String: Any])
                return (plan["jobs"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(try jobIDs(slurmFolder) == jobIDs(localFolder))
            let localRows = try AdaptiveSeedSweepTests.rows(localFolder)
            let slurmRows = try AdaptiveSeedSweepTests.rows(slurmFolder)
            #expect(localRows.count == 3)
            for (gap, row) in localRows { #expect(slurmRows[gap].map { $0 == row } == true, "\(gap)") }
            // One array for the initial seeds, then one per round for the seed it added.
            let arrays = SlurmBackendTests.submissions(slurmFolder)
            #expect(arrays.count == 5, "\(arrays)")
            #expect(arrays.first?.contains("--array=0-5") == true, "\(arrays)")
            #expect(arrays.dropFirst().allSatisfy { $0.contains("--array=0 ") }, "\(arrays)")
        }

        /// The runner is killed while seed 4 runs in Slurm (round 3; from inside the job, so the
        /// moment is exact); the same command then re-attaches to that task and finishes the rounds:
        /// nothing is submitted or added twice, and the verdicts are the expected ones.
        @Test func aRunnerKilledInALaterRoundReattachesAndFinishesTheRounds() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = Self.uniqueName("adaptive-kill")
            let folder = root.appendingPathComponent("r/\(name)").path
            let marker = root.appendingPathComponent("killed").path
            let wrapper = root.appendingPathComponent("kill-once.sh")
            try """
            #!/bin/sh
            # Kills the runner watching the sweep (the pid run.lock names) the first time seed 4
            # starts, then writes the result: the task goes on in Slurm without its watcher.
            if [ "$4" = 4 ] && [ ! -e "\(marker)" ]; then
              touch "\(marker)"; kill -9 "$(sed -n 's/^pid //p' "\(folder)/run.lock")"
            fi
            exec sh "\(AdaptiveSeedSweepTests.script)" "$@"
            """.write(to: wrapper, atomically: true, encoding: .utf8)
            let file = try Self.sweep(root, name: name, wrapper: wrapper.path)
            let arguments = ["run", file, "--results", "r", "--backend", "slurm"]
            let killed = try BlocksweepBinary.run(arguments, in: root)
            #expect(killed.reason == .uncaughtSignal, "\(killed.stdout)\(killed.stderr)")
            #expect(FileManager.default.fileExists(atPath: marker))
            let early = try SlurmBackendTests.journal(folder)
            #expect(early.filter { $0.event == "added" }.count == 2, "killed in the round of seed 4")
            #expect(SlurmBackendTests.submissions(folder).count == 3)

            let resumed = try BlocksweepBinary.run(arguments, in: root)
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            #expect(resumed.stdout.contains("adaptive seeds: 1 job added (seed 5)"), "\(resumed.stdout)")
            #expect(!resumed.stdout.contains("added (seed 4)"), "\(resumed.stdout)")
            #expect(SlurmBackendTests.submissions(folder).count == 5)
            try AdaptiveSeedSweepTests.checkVerdicts(folder)
            try AdaptiveSeedSweepTests.checkJournal(folder)
            try Self.checkSubmittedOnce(folder)
        }

        /// --detach submits one round and says how the next comes; `status` between rounds says the
        /// sweep is not finished and how to go on (no report yet); the same command collects the
        /// round and submits the next seeds; `cancel` cancels that added array.
        @Test func detachSubmitsOneRoundStatusSaysRowsAwaitSeedsAndCancelStopsTheAddedArray() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = Self.uniqueName("adaptive-detach")
            let folder = root.appendingPathComponent("r/\(name)").path
            let wrapper = root.appendingPathComponent("slow-seed-3.sh")
            try """
            #!/bin/sh
            # Seed 3 (the first added one) stays running until it is cancelled.
            if [ "$4" = 3 ]; then exec sleep 600; fi
            exec sh "\(AdaptiveSeedSweepTests.script)" "$@"
            """.write(to: wrapper, atomically: true, encoding: .utf8)
            let file = try Self.sweep(root, name: name, wrapper: wrapper.path)
            let arguments = ["run", file, "--results", "r", "--backend", "slurm", "--detach"]
            let first = try BlocksweepBinary.run(arguments, in: root)
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
            #expect(first.stdout.contains("Detached: 6 jobs queued or running in Slurm"), "\(first.stdout)")
            #expect(
                first.stdout.contains(
                    "run the same command again (with or without --detach) to collect them and submit the next seeds"),
                "\(first.stdout)")

            // Once the round's jobs have ended, status says what is still to come.
            var seen = ""
            let status = try Eventually.value(of: "`status` to say 6/6 done", lastSeen: seen) {
                let status = try BlocksweepBinary.run(["status", folder], in: root)
                seen = status.stdout
                return status.stdout.contains("6/6 done") ? status : nil
            }
            #expect(
                status.stdout.hasPrefix(
                    "\(name): not finished: 1 row awaits more seeds (verdict not settled, below max)"),
                "\(status.stdout)")
            #expect(
                status.stdout.contains(
                    "Continue with: blocksweep run \(folder)/sweep.yaml --results \(root.path)/r --backend slurm"),
                "\(status.stdout)")
            #expect(!status.stdout.contains("\(name): finished"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/report.md"), "the report is not final yet")

            let second = try BlocksweepBinary.run(arguments, in: root)
            #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
            #expect(second.stdout.contains("adaptive seeds: 1 job added (seed 3)"), "\(second.stdout)")
            #expect(second.stdout.contains("Detached: 1 job queued or running in Slurm"), "\(second.stdout)")
            let arrays = SlurmBackendTests.submissions(folder)
            #expect(arrays.count == 2, "\(arrays)")
            let added = try #require(arrays.last?.split(separator: " ").dropFirst().first.map(String.init))
            try Self.checkSubmittedOnce(folder)

            let cancel = try BlocksweepBinary.run(["cancel", folder], in: root)
            #expect(cancel.status == 0, "\(cancel.stdout)\(cancel.stderr)")
            #expect(cancel.stdout.contains("cancelled 1 Slurm task (array \(added))"), "\(cancel.stdout)")
            #expect(try LocalSlurm.queued(name: "blocksweep-\(name)") == 0)
            let lines = try SlurmBackendTests.journal(folder)
            let seed3 = try #require(lines.first { $0.event == "added" }?.job)
            #expect(
                lines.contains { $0.job == seed3 && $0.event == "failed" && $0.reason == "interrupted" }, "\(lines)")
        }

        /// A builtin sweep with a calibration and equal-time budgets: round 1 goes as it does with a
        /// seed list (calibration; the baseline afterok on it; its dependents aftercorr on the
        /// baseline); round 2 submits only the added seed as new arrays: its baseline (the
        /// calibration is done, so no dependency) and its dependents aftercorr on that new array.
        /// `min_speedup: 100` fails every row by speed with one seed (not settled: one seed gives
        /// no interval), so both dynamic rows and the static one get seed 2, with its baseline.
        @Test func addedSeedsGoAsNewArraysWithTheSameDependencyShape() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = Self.uniqueName("adaptive-builtin")
            let file = root.appendingPathComponent("\(name).yaml")
            try CalibratedSweepTests.sweep
                .replacingOccurrences(of: "name: calibrated", with: "name: \(name)")
                .replacingOccurrences(of: "seeds: [1]", with: "seeds: {initial: 1, max: 2}\nrules: {min_speedup: 100}")
                .write(to: file, atomically: true, encoding: .utf8)
            let run = try BlocksweepBinary.run(["run", file.path, "--results", "r", "--backend", "slurm"], in: root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("adaptive seeds: 4 jobs added (seed 2)"), "\(run.stdout)")
            let folder = root.appendingPathComponent("r/\(name)").path
            try Self.checkSubmittedOnce(folder)

            let plan = try #require(try AdaptiveSeedSweepTests.json(folder + "/plan.json") as? [String: Any])
            let calibration = try #require((plan["calibrations"] as? [[String: Any]])?.first?["id"] as? String)
            let jobs = try #require(plan["jobs"] as? [[String: Any]])
            func ids(seed: Int, baseline: Bool) -> [String] {
                jobs.filter { $0["seed"] as? Int == seed && ($0["schedule"] as? String == "full_update") == baseline }
                    .compactMap { $0["id"] as? String }
            }
            #expect(ids(seed: 2, baseline: true).count == 1 && ids(seed: 2, baseline: false).count == 3, "\(jobs)")
            // Where each job went (its array) and what each array waited for (--dependency).
            var arrayOf: [String: String] = [:]
            for line in try SlurmBackendTests.journal(folder) where line.event == "submitted" {
                arrayOf[line.job] = line.slurm.map { String($0.split(separator: "_")[0]) }
            }
            var dependency: [String: String] = [:]
            for line in SlurmBackendTests.submissions(folder) {
                let words = line.split(separator: " ").map(String.init)
                dependency[words[1]] =
                    words.first { $0.hasPrefix("--dependency=") }?.replacingOccurrences(
                        of: "--dependency=", with: "") ?? "none"
            }
            // The calibration; then, in each round, the baseline and one array per dependent.
            #expect(dependency.count == 9, "\(dependency)")
            let calibrationArray = try #require(arrayOf[calibration])
            for seed in [1, 2] {
                let baseline = try #require(ids(seed: seed, baseline: true).first)
                let baselineArray = try #require(arrayOf[baseline])
                #expect(
                    dependency[baselineArray] == (seed == 1 ? "afterok:\(calibrationArray)" : "none"), "seed \(seed)")
                for job in ids(seed: seed, baseline: false) {
                    let array = try #require(arrayOf[job])
                    #expect(dependency[array] == "aftercorr:\(baselineArray)", "\(job), seed \(seed)")
                }
            }
        }
    }
}
