import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// `backend: slurm` against a real Slurm: the single-node one `tools/slurm-local start --gpus 2`
/// starts (tools/test.sh does, before the tests). Where no Slurm answers they are skipped, but
/// under CI=true they run and fail: CI must test the Slurm backend for real.
extension RealSlurm {
    @Suite(.timeLimit(.minutes(10))) struct SlurmBackendTests {
        struct Line: Decodable {
            var job: String
            var event: String
            var attempt: Int
            var reason: String?
            var slurm: String?
            var final: Bool?
            var device: String?
        }

        static func journal(_ folder: String) throws -> [Line] {
            try String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8).split(separator: "\n").map {
                try JSONDecoder().decode(Line.self, from: Data($0.utf8))
            }
        }

        static func submissions(_ folder: String) -> [String] {
            ((try? String(contentsOfFile: folder + "/slurm/submissions.log", encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }

        /// A command-runner sweep over `modes` of `script`, which gets the mode and {result}.
        static func commandSweep(
            _ root: URL, name: String, script: String, modes: [String], execution: String
        ) throws -> String {
            let scriptPath = root.appendingPathComponent("\(name).sh").path
            try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
            chmod(scriptPath, 0o755)
            let file = root.appendingPathComponent("\(name).yaml").path
            try """
            version: 1
            name: \(name)
            runner: {command: [\(scriptPath), "{mode}", "{result}", "{device}"]}
            grid:
              mode: [\(modes.joined(separator: ", "))]
            seeds: [1]
            execution: {\(execution)}
            """.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        /// Writes a flat metrics result; `fail` exits 3, `sleep` outlives any test's patience,
        /// `wait…` waits until the test creates `gate` beside the script, `pair…` until every
        /// `pair` job has started (two at once, or none ends: it gives up after 5 minutes).
        static let script = """
            #!/bin/sh
            here=$(dirname "$0")
            case "$1" in
              fail) echo "the job broke" >&2; exit 3 ;;
              sleep) exec sleep 600 ;;
              wait*) while [ ! -e "$here/gate" ]; do sleep 0.02; done ;;
              pair*)
                touch "$here/arrived-$1"; n=0
                until [ -e "$here/arrived-pair1" ] && [ -e "$here/arrived-pair2" ]; do
                  n=$((n + 1)); [ $n -gt 15000 ] && { echo "no other pair job ran beside $1" >&2; exit 4; }
                  sleep 0.02
                done ;;
            esac
            printf '{"loss": 1.5, "gpu": %s}\\n' "${CUDA_VISIBLE_DEVICES:--1}" > "$2"
            echo "$1 on $3 with CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES"
            """

        @Test func aSweepThroughSlurmMatchesTheSameSweepRunLocally() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = root.appendingPathComponent("calibrated.yaml")
            try CalibratedSweepTests.sweep.write(to: file, atomically: true, encoding: .utf8)
            let local = try BlocksweepBinary.run(["run", file.path, "--results", "local"], in: root)
            #expect(local.status == 0, "\(local.stdout)\(local.stderr)")
            let localFolder = root.appendingPathComponent("local/calibrated").path
            let slurmFolder = root.appendingPathComponent("slurm/calibrated").path
            // The same step costs for both, so the modelled clock gives both the same budgets
            // (another measurement would differ by its noise); CalibrationRunsFirst tests the
            // calibration job itself.
            let calibration = try #require(
                try FileManager.default.contentsOfDirectory(atPath: localFolder + "/calibration").first)
            try FileManager.default.createDirectory(
                atPath: slurmFolder + "/calibration", withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: localFolder + "/calibration/" + calibration, toPath: slurmFolder + "/calibration/" + calibration
            )

            let slurm = try BlocksweepBinary.run(
                ["run", file.path, "--results", "slurm", "--backend", "slurm"], in: root)
            #expect(slurm.status == 0, "\(slurm.stdout)\(slurm.stderr)")
            #expect(slurm.stdout.contains("calibrated: 4 jobs and 1 calibration through Slurm"), "\(slurm.stdout)")
            #expect(slurm.stdout.contains("submitted Slurm array"), "\(slurm.stdout)")

            // The same results layout: every job's folder holds the same files.
            func layout(_ folder: String) throws -> [String] {
                // The calibration was copied, not run, in the Slurm folder: it has no log folder there.
                let jobs = try FileManager.default.contentsOfDirectory(atPath: folder + "/jobs").sorted().filter {
                    !$0.hasPrefix("cal-")
                }
                return try jobs.flatMap { id in
                    try FileManager.default.contentsOfDirectory(atPath: folder + "/jobs/" + id).sorted().map {
                        "\(id)/\($0)"
                    }
                }
            }
            let localLayout = try layout(localFolder)
            // result.json, stdout.log, stderr.log and progress.jsonl (one line per step) of 4 jobs.
            #expect(localLayout.count == 16, "\(localLayout)")
            #expect(localLayout.filter { $0.hasSuffix("/progress.jsonl") }.count == 4, "\(localLayout)")
            #expect(try layout(slurmFolder) == localLayout)
            for name in ["plan.json", "journal.jsonl", "report.md", "report.json", "sweep.yaml"] {
                #expect(FileManager.default.fileExists(atPath: slurmFolder + "/" + name), "\(name)")
            }
            // The same losses, job by job, and the same verdicts.
            for id in try FileManager.default.contentsOfDirectory(atPath: localFolder + "/jobs")
            where !id.hasPrefix("cal-") {
                func losses(_ folder: String) throws -> [Double] {
                    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json"))
                    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                    return (object?["results"] as? [[String: Any]] ?? []).compactMap { $0["final_val_loss"] as? Double }
                }
                let expected = try losses(localFolder)
                #expect(!expected.isEmpty)
                #expect(try losses(slurmFolder) == expected, "\(id)")
            }
            // The same verdicts: every row reads the modelled basis (the same calibration priced
            // both), so its verdict reads only the modelled speedup and the val-loss change, which
            // are equal; a suspect-timing flag (measured wall-clock) cannot move it.
            func rows(_ folder: String) throws -> [[String: Any]] {
                let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))
                return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["rows"] as? [[String: Any]]
                    ?? []
            }
            func key(_ row: [String: Any]) -> String {
                let picked = ["schedule", "params", "speedup_modelled", "val_loss_increase"].map { row[$0] ?? NSNull() }
                let data = try? JSONSerialization.data(withJSONObject: picked, options: [.sortedKeys])
                return String(decoding: data ?? Data(), as: UTF8.self)
            }
            let localRows = try rows(localFolder)
            let slurmRows = try rows(slurmFolder)
            #expect(localRows.count == 3)
            // Rows are ranked partly by verdict: matched by their content, not their place.
            #expect(slurmRows.map(key).sorted() == localRows.map(key).sorted())
            for l in localRows {
                let r = try #require(slurmRows.first { key($0) == key(l) }, "\(key(l))")
                #expect(l["speed_basis"] as? String == "modelled" && r["speed_basis"] as? String == "modelled")
                #expect(l["verdict"] as? String != nil)
                #expect(l["verdict"] as? String == r["verdict"] as? String, "\(l["schedule"] ?? "")")
            }
            // Each job ran as a Slurm task, journaled with its id.
            let lines = try Self.journal(slurmFolder)
            #expect(lines.filter { $0.event == "done" && !$0.job.hasPrefix("cal-") }.allSatisfy { $0.slurm != nil })
        }

        /// The calibration goes first, as its own Slurm job, and the timed jobs wait for it (afterok).
        @Test func calibrationRunsFirstAsASlurmJob() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = root.appendingPathComponent("calibrated.yaml")
            try CalibratedSweepTests.sweep.write(to: file, atomically: true, encoding: .utf8)
            let run = try BlocksweepBinary.run(["run", file.path, "--results", "r", "--backend", "slurm"], in: root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let folder = root.appendingPathComponent("r/calibrated").path
            let submissions = Self.submissions(folder)
            #expect(submissions.count == 5, "\(submissions)")  // calibration, baseline, then its three dependents
            let calibrationArray = try #require(submissions.first?.split(separator: " ").dropFirst().first)
            #expect(submissions[0].contains("--array=0 "))
            #expect(submissions[1].contains("--dependency=afterok:\(calibrationArray) "), "\(submissions)")
            let lines = try Self.journal(folder)
            let calibrationDone = try #require(lines.firstIndex { $0.job.hasPrefix("cal-") && $0.event == "done" })
            let firstOther = try #require(lines.firstIndex { !$0.job.hasPrefix("cal-") && $0.event == "started" })
            #expect(calibrationDone < firstOther)
        }

        /// A file planned for the local backend forks its dynamic jobs from siblings, and so it does
        /// with `--backend slurm`: the job forking from its sibling waits on its baseline (afterok)
        /// and on the sibling with afterany, so a failed sibling never holds it back; the others
        /// wait on their baseline as before; the run ends with what forking saved.
        @Test func aForkingPlanRunThroughSlurmWaitsOnItsSiblingWithAfterAny() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = root.appendingPathComponent("siblings.yaml")
            try """
            version: 1
            name: siblings
            base: {dmodel: 16, n_layers: 4, steps: 30, seq_len: 8, batch_size: 2, static_active_layers: 2,
                   dyn_min_active_layers: 1, dyn_warmup_steps: 2, dyn_probe_every: 5, dyn_freeze_start_frac: 0.3,
                   equal_time_budget: true}
            grid:
              dyn_max_active_layers: [2, 3]
            seeds: [1]
            execution: {calibration_cap: 3s}
            """.write(to: file, atomically: true, encoding: .utf8)
            let plan = try BlocksweepBinary.run(["plan", file.path, "--format", "json"], in: root)
            #expect(plan.stdout.contains("\"fork_from\" : \"dyn-"), "the local plan forks from a sibling")
            let run = try BlocksweepBinary.run(["run", file.path, "--results", "r", "--backend", "slurm"], in: root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(!run.stdout.contains("prefix forking: off"), "\(run.stdout)")
            #expect(run.stdout.contains("compute saved by forking: "), "\(run.stdout)")
            let submissions = Self.submissions(root.appendingPathComponent("r/siblings").path)
            let calibrationArray = try #require(submissions.first?.split(separator: " ").dropFirst().first)
            let baselineArray = try #require(submissions.dropFirst().first?.split(separator: " ").dropFirst().first)
            let dependents = submissions.dropFirst(2)
            #expect(dependents.count == 3, "\(submissions)")
            let onSibling = dependents.filter { $0.contains(",afterany:") }
            #expect(onSibling.count == 1, "\(submissions)")
            let onBaseline = dependents.filter { $0.contains("--dependency=aftercorr:\(baselineArray) ") }
            #expect(onBaseline.count == 2, "static_suffix and the first dynamic_suffix job: \(submissions)")
            let line = try #require(onSibling.first)
            let after = try #require(
                line.range(of: "--dependency=afterok:\(calibrationArray)_0:\(baselineArray)_0,afterany:"))
            let sibling = line[after.upperBound...].prefix { $0.isNumber }
            #expect(onBaseline.contains { $0.split(separator: " ").dropFirst().first == sibling }, "\(submissions)")
        }

        /// `plan` through the real local Slurm by a SlurmExecutor in this process (the binary
        /// only as each task's launcher), into `box`'s r/<name>.
        static func runInProcess(_ plan: Plan, in box: Sandbox) throws -> (SlurmExecutor, ResultsFolder, RunOutcome) {
            var options = SlurmRunOptions()
            options.blocksweepPath = BlocksweepBinary.binary.path
            let client = try #require(SlurmClient.find())
            let folder = ResultsFolder(path: box.path + "/r/" + plan.name)
            let executor = SlurmExecutor(
                plan: plan, folder: folder, runner: try RunnerSelection.runner(for: plan, blocksweepPath: "unused"),
                client: client, settings: SlurmSettings(), options: options)
            return (executor, folder, try executor.run())
        }

        /// Exit 3 is FAILED; the timeout is kept by the task's launcher, to the second, in the
        /// local executor's words (Slurm's own limit is whole minutes: only a backstop).
        @Test func aFailingAndATimingOutJobAreRecordedAsSuch() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = try Self.commandSweep(
                root, name: "ends", script: Self.script, modes: ["ok", "fail", "sleep"],
                execution: "threads: 1, retries: 0, timeout: 2s")
            let run = try BlocksweepBinary.run(["run", file, "--results", "r", "--backend", "slurm"], in: root)
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            let folder = root.appendingPathComponent("r/ends").path
            defer { LocalSlurm.cancelAll(name: "blocksweep-ends") }
            let failed = try Self.journal(folder).filter { $0.event == "failed" }
            #expect(failed.count == 2, "\(failed)")
            #expect(failed.contains { $0.reason == "exit status 3: the job broke" && $0.final == true }, "\(failed)")
            #expect(failed.contains { $0.reason == "timed out after 2s" && $0.final == true }, "\(failed)")
            let timedOut = try #require(failed.first { $0.reason == "timed out after 2s" }?.job)
            let log = try String(contentsOfFile: folder + "/jobs/\(timedOut)/stdout.log", encoding: .utf8)
            #expect(log.contains("slurm "), "the launcher ran it: \(log)")
            #expect(Self.submissions(folder).first?.contains("--time=1 ") == true)
            let status = try BlocksweepBinary.run(["status", folder], in: root)
            #expect(status.stdout.contains("1/3 done · 2 failed"), "\(status.stdout)")
        }

        /// Killed right after submitting and journaling the whole plan (after-submit), or right after
        /// sbatch answered and before the journal held the ids (after-sbatch), then run again: the
        /// second run re-attaches to the tasks already in Slurm and submits none of them again.
        @Test(arguments: ["after-submit", "after-sbatch"])
        func killedAfterSubmittingThenRunAgainSubmitsNothingTwice(crashAt: String) throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            // A name of its own: Slurm remembers the tasks of earlier test runs by their job name.
            let name = "reattach-" + UUID().uuidString.prefix(8).lowercased()
            let file = try Self.commandSweep(
                root, name: name, script: Self.script, modes: ["wait1", "wait2", "wait3"],
                execution: "threads: 1, parallel: 1")
            let killed = try BlocksweepBinary.run(
                ["run", file, "--results", "r", "--backend", "slurm"], in: root,
                environment: ["BLOCKSWEEP_CRASH_AT": crashAt])
            #expect(killed.reason == .uncaughtSignal, "\(killed.stdout)\(killed.stderr)")
            let folder = root.appendingPathComponent("r/\(name)").path
            #expect(LocalSlurm.tasks(name: "blocksweep-\(name)") == 3)
            // Its jobs wait for the gate, so all three are still in Slurm here.
            #expect(try LocalSlurm.queued(name: "blocksweep-\(name)") == 3, "the tasks should still be queued")
            let journaledBefore = try Self.journal(folder).filter { $0.event == "submitted" }.count
            #expect(journaledBefore == (crashAt == "after-submit" ? 3 : 0))
            _ = FileManager.default.createFile(atPath: root.path + "/gate", contents: nil)

            let again = try BlocksweepBinary.run(["run", file, "--results", "r", "--backend", "slurm"], in: root)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            #expect(!again.stdout.contains("submitted Slurm array"), "\(again.stdout)")
            #expect(LocalSlurm.tasks(name: "blocksweep-\(name)") == 3)
            let lines = try Self.journal(folder)
            #expect(lines.filter { $0.event == "submitted" }.count == 3)
            #expect(lines.filter { $0.event == "done" }.count == 3)
            #expect(Set(lines.filter { $0.event == "done" }.map(\.job)).count == 3)
        }

        @Test func detachThenStatusThenRunCollectsAFinishedSweep() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = try Self.commandSweep(
                root, name: "detached", script: Self.script, modes: ["ok", "wait"], execution: "threads: 1")
            let detached = try BlocksweepBinary.run(
                ["run", file, "--results", "r", "--backend", "slurm", "--detach"], in: root)
            #expect(detached.status == 0, "\(detached.stdout)\(detached.stderr)")
            #expect(detached.stdout.contains("Detached: 2 jobs queued or running in Slurm"), "\(detached.stdout)")
            let folder = root.appendingPathComponent("r/detached").path
            #expect(!FileManager.default.fileExists(atPath: folder + "/report.md"))
            _ = FileManager.default.createFile(atPath: root.path + "/gate", contents: nil)

            // status looks at Slurm each time, and writes the report once every job has ended.
            var seen = ""
            let status = try Eventually.value(of: "`status` to say the sweep finished", lastSeen: seen) {
                let status = try BlocksweepBinary.run(["status", folder], in: root)
                seen = status.stdout
                return status.stdout.contains("detached: finished") ? status : nil
            }
            #expect(status.stdout.contains("2/2 done"), "\(status.stdout)")
            #expect(FileManager.default.fileExists(atPath: folder + "/report.md"))

            let collect = try BlocksweepBinary.run(["run", file, "--results", "r", "--backend", "slurm"], in: root)
            #expect(collect.status == 0, "\(collect.stdout)\(collect.stderr)")
            #expect(collect.stdout.contains("detached: 2 done, 0 failed"), "\(collect.stdout)")
            #expect(!collect.stdout.contains("submitted Slurm array"))
            #expect(Self.submissions(folder).count == 1)
        }

        /// With GPU devices each task asks for one GPU (--gres=gpu:1) and sees only its own.
        @Test func gpuJobsGetOneGPUEach() throws {
            try LocalSlurm.require()
            #expect(LocalSlurm.gpus() >= 2, "start the local Slurm with fake GPUs: tools/slurm-local start --gpus 2")
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = try Self.commandSweep(
                root, name: "gpus", script: Self.script, modes: ["pair1", "pair2"],
                execution: "threads: 1, devices: [cuda]")
            let run = try BlocksweepBinary.run(["run", file, "--results", "r", "--backend", "slurm"], in: root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let folder = root.appendingPathComponent("r/gpus").path
            #expect(Self.submissions(folder).first?.contains("--gres=gpu:1") == true)
            var seen: [String] = []
            for id in try FileManager.default.contentsOfDirectory(atPath: folder + "/jobs") {
                let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/jobs/\(id)/result.json"))
                let gpu = ((try JSONSerialization.jsonObject(with: data)) as? [String: Any])?["gpu"] as? Int
                seen.append(gpu.map(String.init) ?? "none")
                let out = try String(contentsOfFile: folder + "/jobs/\(id)/stdout.log", encoding: .utf8)
                #expect(out.contains("on cuda:"), "\(out)")
            }
            // Two jobs that ran at the same time (each waited for the other), on two different GPUs.
            #expect(seen.sorted() == ["0", "1"], "\(seen)")
        }

        /// A task whose node fails (NODE_FAIL; --no-requeue keeps Slurm from requeueing it itself)
        /// runs again without using a retry: the sweep allows none, and the job still ends done.
        /// Its first attempt waits for the gate, which opens only once Slurm has said NODE_FAIL.
        @Test func aNodeFailureRunsTheJobAgainWithoutUsingARetry() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let script = """
                #!/bin/sh
                here=$(dirname "$0")
                if [ ! -e "$here/first" ]; then
                  touch "$here/first"
                  while [ ! -e "$here/gate" ]; do sleep 0.02; done
                  exit 5
                fi
                printf '{"loss": 1.5}\\n' > "$2"
                """
            let name = "nodefail-" + UUID().uuidString.prefix(8).lowercased()
            let file = try Self.commandSweep(
                root, name: name, script: script, modes: ["once"],
                execution: "threads: 1, retries: 0, backend: slurm, sbatch_args: [--no-requeue]")
            let detached = try BlocksweepBinary.run(
                ["run", file, "--results", "r", "--backend", "slurm", "--detach"], in: root)
            #expect(detached.status == 0, "\(detached.stdout)\(detached.stderr)")
            let folder = root.appendingPathComponent("r/\(name)").path
            let task = try #require(try Self.journal(folder).first { $0.event == "submitted" }?.slurm)
            try Eventually.file(root.path + "/first")
            #expect(LocalSlurm.state(of: task) == "RUNNING")
            let node = LocalSlurm.node()
            _ = LocalSlurm.call("scontrol", ["update", "nodename=\(node)", "state=down", "reason=blocksweep-test"])
            defer { LocalSlurm.resume(node) }
            #expect(LocalSlurm.state(of: task, becoming: "NODE_FAIL") == "NODE_FAIL")
            _ = FileManager.default.createFile(atPath: root.path + "/gate", contents: nil)
            LocalSlurm.resume(node)

            let again = try BlocksweepBinary.run(["run", file, "--results", "r", "--backend", "slurm"], in: root)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            let lines = try Self.journal(folder)
            #expect(
                lines.contains {
                    $0.event == "failed" && $0.final == false
                        && ($0.reason ?? "").hasPrefix("requeued: Slurm NODE_FAIL on \(node) (task \(task))")
                }, "\(lines)")
            #expect(lines.last?.event == "done" && lines.last?.attempt == 2, "\(lines)")
        }

        /// Dependencies in Slurm: a baseline that fails once goes again, and its dependent, queued
        /// on the failed attempt, is cancelled and goes again with it (using no retry of its own);
        /// a baseline that fails for good has its dependent skipped and its queued task cancelled.
        @Test func aRetriedBaselineTakesItsQueuedDependentAlongAndAFailedOneSkipsIt() throws {
            try LocalSlurm.require()
            let box = try Sandbox()
            defer { box.remove() }
            func job(_ id: String, _ mode: String, after: [String] = []) -> Job {
                Job(id: id, schedule: nil, seed: 1, params: ["mode": .string(mode)], dependsOn: after)
            }
            let plan = Plan(
                name: "deps-" + UUID().uuidString.prefix(8).lowercased(),
                jobs: [job("a", "flaky"), job("b", "ok", after: ["a"]), job("c", "fail"), job("d", "ok", after: ["c"])],
                runner: .command(["/bin/sh", box.script, "{result}", "{mode}"]),
                execution: ExecutionSettings(threads: 1, retries: 1, backend: .slurm(SlurmSettings())))
            let (executor, folder, outcome) = try SlurmBackendTests.runInProcess(plan, in: box)
            #expect(outcome.done == 2 && outcome.failed == 1 && outcome.skipped == 1, "\(outcome)")
            let lines = try Self.journal(folder.path)
            #expect(lines.filter { $0.job == "a" && $0.event == "submitted" }.count == 2)
            #expect(
                lines.contains {
                    $0.job == "b" && $0.event == "failed" && $0.final == false
                        && $0.reason == "requeued: cancelled before it started, to go again with a"
                }, "\(lines)")
            #expect(lines.last { $0.job == "b" }?.event == "done")
            #expect(lines.last { $0.job == "b" }?.attempt == 2)
            #expect(lines.last { $0.job == "c" }?.final == true)
            let skip = try #require(lines.last { $0.job == "d" })
            #expect(skip.event == "skipped")
            #expect(skip.reason?.hasPrefix("baseline c failed: exit status 3") == true, "\(skip)")
            let dTask = try #require(lines.last { $0.job == "d" && $0.event == "submitted" }?.slurm)
            #expect(LocalSlurm.state(of: dTask, becoming: "CANCELLED") == "CANCELLED")
            // The dependent never started on the failed attempt: it ran once, after its baseline's
            // successful attempt.
            #expect(lines.filter { $0.job == "b" && $0.event == "started" }.map(\.attempt) == [2])
            let aDone = try #require(lines.firstIndex { $0.job == "a" && $0.event == "done" })
            let bStarted = try #require(lines.firstIndex { $0.job == "b" && $0.event == "started" })
            #expect(aDone < bStarted)
        }

        /// `cancel` scancels a detached sweep's tasks; they are journaled as interrupted, so the
        /// next run submits them again without using a retry. The sweep's name is its own, so only
        /// its own tasks are counted, before the cancel and after.
        @Test func cancelStopsASlurmSweep() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let name = "cancelled-" + UUID().uuidString.prefix(8).lowercased()
            let file = try Self.commandSweep(
                root, name: name, script: Self.script, modes: ["sleep", "fail"],
                execution: "threads: 1, parallel: 1"
            )
            let detached = try BlocksweepBinary.run(
                ["run", file, "--results", "r", "--backend", "slurm", "--detach"], in: root)
            #expect(detached.status == 0, "\(detached.stdout)\(detached.stderr)")
            let folder = root.appendingPathComponent("r/\(name)").path
            #expect(try Self.journal(folder).filter { $0.event == "submitted" }.count == 2)
            #expect(try LocalSlurm.queued(name: "blocksweep-\(name)") == 2, "in Slurm before the cancel")
            let before = try BlocksweepBinary.run(["status", folder], in: root)
            #expect(
                before.stdout.hasPrefix("\(name): in Slurm: 2 jobs queued or running there, no runner watching"),
                "\(before.stdout)")
            let cancel = try BlocksweepBinary.run(["cancel", folder], in: root)
            #expect(cancel.status == 0, "\(cancel.stdout)\(cancel.stderr)")
            #expect(cancel.stdout.contains("cancelled 2 Slurm tasks"), "\(cancel.stdout)")
            #expect(try LocalSlurm.queued(name: "blocksweep-\(name)") == 0, "none left after it")
            let lines = try Self.journal(folder)
            #expect(lines.filter { $0.event == "failed" && $0.reason == "interrupted" }.count == 2, "\(lines)")
            let status = try BlocksweepBinary.run(["status", folder], in: root)
            #expect(status.stdout.contains("0/2 done · 0 failed · 0 running · 2 queued"), "\(status.stdout)")
        }
    }
}

/// The Slurm tests' view of the local Slurm.
enum LocalSlurm {
    static var isUp: Bool {
        let (status, out) = call("sinfo", ["-h", "-o", "%a"])
        return status == 0 && out.contains("up")
    }

    static var shouldTest: Bool { ProcessInfo.processInfo.environment["CI"] == "true" || isUp }

    /// Under CI a Slurm that does not answer fails the test rather than skipping it.
    static func require() throws {
        try #require(
            isUp,
            "no Slurm answers (sinfo); start one with `tools/slurm-local start --gpus 2` (tools/test.sh does)")
    }

    static func gpus() -> Int {
        let (_, out) = call("sinfo", ["-h", "-o", "%G"])
        guard let range = out.range(of: "gpu:") else { return 0 }
        return Int(out[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// The state squeue gives one task ("RUNNING", "NODE_FAIL"), or "" when it does not know it.
    static func state(of task: String) -> String {
        call("squeue", ["-h", "-t", "all", "-r", "-j", task, "-o", "%T"]).1.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// The task's state once it is `expected` (Eventually), or the last one seen when it never
    /// becomes that: a busy controller can answer squeue with nothing for a moment, or take a
    /// moment to record a cancellation; scontrol answers where squeue lists nothing.
    static func state(of task: String, becoming expected: String) -> String {
        var seen = ""
        do {
            try Eventually.wait(for: "Slurm task \(task) to be \(expected)", lastSeen: seen) {
                seen = state(of: task)
                if seen.isEmpty {
                    let shown = call("scontrol", ["-o", "show", "job", task]).1
                    if let range = shown.range(of: "JobState=") {
                        seen = String(shown[range.upperBound...].prefix { !$0.isWhitespace })
                    }
                }
                return seen == expected
            }
        } catch {
            Issue.record(error)
        }
        return seen
    }

    /// The local Slurm's one node.
    static func node() -> String {
        call("sinfo", ["-h", "-N", "-o", "%N"]).1.split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Brings the node back and waits until it takes jobs again.
    static func resume(_ node: String) {
        _ = call("scontrol", ["update", "nodename=\(node)", "state=resume"])
        do {
            try Eventually.wait(for: "node \(node) to be idle again") {
                call("sinfo", ["-h", "-N", "-o", "%T"]).1.hasPrefix("idle")
            }
        } catch {
            Issue.record(error)
        }
    }

    /// Cancels what a test left in Slurm under `name` (a job that outlives its test).
    static func cancelAll(name: String) {
        _ = call("scancel", ["-n", name])
    }

    /// Every task of jobs named `name` the controller knows, ended or not.
    static func tasks(name: String) -> Int {
        let (_, out) = call("squeue", ["-h", "-r", "-n", name, "-t", "all", "-o", "%i"])
        return out.split(separator: "\n").count
    }

    /// Tasks of jobs named `name` still pending or running.
    static func queued(name: String) throws -> Int {
        let (_, out) = call("squeue", ["-h", "-r", "-n", name, "-t", "PENDING,RUNNING", "-o", "%i"])
        return out.split(separator: "\n").count
    }

    static func call(_ tool: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
