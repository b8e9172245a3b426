import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// Kills `blocksweep run` at the points where exactly-once is easiest to break, runs the same
/// command again, and checks every job completed once and no finished result was rewritten.
@Suite(.timeLimit(.minutes(10))) struct CrashResumeTests {
    /// Six command jobs (the `x` axis), two at a time.
    static func sweepFile(_ box: Sandbox, mode: String = "ok", extra: String = "") -> String {
        """
        version: 1
        name: crash
        runner: {command: ["/bin/sh", "\(box.script)", "{result}", "{mode}"]}
        base:
          mode: \(mode)
        grid:
          x: [1, 2, 3, 4, 5, 6]
        seeds: [1]
        execution:
          threads: 1
          parallel: 2
          retries: 0
        \(extra)
        """
    }

    struct FileIdentity: Equatable {
        let inode: UInt64
        let modified: Date
    }

    static func identities(_ folder: ResultsFolder, _ plan: Plan) -> [String: FileIdentity] {
        var out: [String: FileIdentity] = [:]
        for job in plan.jobs {
            guard let a = try? FileManager.default.attributesOfItem(atPath: folder.result(job.id)) else { continue }
            out[job.id] = FileIdentity(
                inode: (a[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                modified: a[.modificationDate] as? Date ?? .distantPast)
        }
        return out
    }

    static func checkExactlyOnce(_ folder: ResultsFolder, before: [String: FileIdentity]) throws {
        let plan = try folder.readPlan()
        let entries = Journal.read(path: folder.journal)
        #expect(plan.jobs.count == 6)
        for job in plan.jobs {
            #expect(entries.filter { $0.job == job.id && $0.event == .done }.count == 1, "job \(job.id)")
            #expect(FileManager.default.fileExists(atPath: folder.result(job.id)))
        }
        let after = identities(folder, plan)
        for (id, identity) in before { #expect(after[id] == identity, "result of \(id) was rewritten") }
    }

    @Test(arguments: CrashPoint.Place.allCases.flatMap { place in [1, 3].map { "\(place.rawValue):\($0)" } })
    func aCrashAnywhereLosesAndRepeatsNothing(crashAt: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("crash.yaml")
        try Self.sweepFile(box).write(to: sweep, atomically: true, encoding: .utf8)
        let arguments = ["run", sweep.path, "--results", box.root.appendingPathComponent("results").path]
        let crashed = try BlocksweepBinary.run(arguments, in: box.root, environment: ["BLOCKSWEEP_CRASH_AT": crashAt])
        #expect(crashed.reason == .uncaughtSignal && crashed.status == SIGKILL, "\(crashed.stderr)")
        let folder = ResultsFolder(path: box.root.appendingPathComponent("results/crash").path)
        let before = Self.identities(folder, try folder.readPlan())

        let resumed = try BlocksweepBinary.run(arguments, in: box.root)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        try Self.checkExactlyOnce(folder, before: before)
        // A third run has nothing left to do.
        let again = try BlocksweepBinary.run(arguments, in: box.root)
        #expect(again.status == 0 && !again.stdout.contains("started"))
        try Self.checkExactlyOnce(folder, before: Self.identities(folder, try folder.readPlan()))
    }

    /// Jobs x=1 and 2 end at once; x≥3 wait until the test creates `gate`. So when the runner is
    /// killed exactly two results are done and two jobs run (parallel 2), however slow the
    /// machine; the resumed run adopts those two, and the gate lets every job end.
    @Test func sigkillFromOutsideWhileJobsRunThenResume() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("crash.yaml")
        let gated = box.root.appendingPathComponent("gated.sh")
        try """
        #!/bin/sh
        # gated.sh RESULT X: x of 3 or more waits for the test's gate.
        if [ "$2" -ge 3 ]; then while [ ! -e "\(box.path)/gate" ]; do sleep 0.02; done; fi
        exec /bin/sh "\(box.script)" "$1" ok
        """.write(to: gated, atomically: true, encoding: .utf8)
        try Self.sweepFile(box).replacingOccurrences(
            of: "[\"/bin/sh\", \"\(box.script)\", \"{result}\", \"{mode}\"]",
            with: "[\"/bin/sh\", \"\(gated.path)\", \"{result}\", \"{x}\"]"
        ).write(to: sweep, atomically: true, encoding: .utf8)
        let arguments = ["run", sweep.path, "--results", box.root.appendingPathComponent("results").path]
        let running = try BlocksweepBinary.Running(arguments, in: box.root, environment: [:])
        let folder = ResultsFolder(path: box.root.appendingPathComponent("results/crash").path)
        try Eventually.wait(for: "two jobs done and two more started in \(folder.journal)") {
            let entries = Journal.read(path: folder.journal)
            return entries.filter { $0.event == .done }.count == 2 && entries.filter { $0.event == .started }.count == 4
        }
        kill(running.process.processIdentifier, SIGKILL)
        _ = running.finish()
        let before = Self.identities(folder, try folder.readPlan())
        #expect(before.count == 2, "\(before.keys.sorted())")

        _ = FileManager.default.createFile(atPath: box.path + "/gate", contents: nil)
        let resumed = try BlocksweepBinary.run(arguments, in: box.root)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try Self.checkExactlyOnce(folder, before: before)
    }

    @Test func ctrlCStopsJobsKeepsTheJournalWholeAndSaysHowToResume() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("crash.yaml")
        try Self.sweepFile(box, mode: "hang").write(to: sweep, atomically: true, encoding: .utf8)
        let arguments = ["run", sweep.path, "--results", box.root.appendingPathComponent("results").path]
        let running = try BlocksweepBinary.Running(arguments, in: box.root, environment: [:])
        let folder = ResultsFolder(path: box.root.appendingPathComponent("results/crash").path)
        try Eventually.wait(for: "two jobs started in \(folder.journal)") {
            Journal.read(path: folder.journal).filter { $0.event == .started }.count == 2
        }
        running.process.interrupt()
        let outcome = running.finish()
        #expect(outcome.status == 130, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Resume with: blocksweep run \(sweep.path) --results"))
        let entries = Journal.read(path: folder.journal)
        let records = JobRecord.replay(entries)
        #expect(entries.filter { $0.event == .started }.count == 2)
        #expect(records.values.allSatisfy { $0.running == nil })
        #expect(
            entries.filter { $0.event == .failed }.allSatisfy {
                $0.reason == JobRecord.interruptedReason && $0.final == false
            })
        // The hanging `sleep` processes are gone with their groups.
        for entry in entries where entry.event == .started {
            #expect(kill(entry.pid ?? 0, 0) != 0)
        }
        #expect(!RunLock.isHeld(folder: folder.path))
        let status = try BlocksweepBinary.run(["status", folder.path], in: box.root)
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("crash: stopped"))
        #expect(status.stdout.contains("0/6 done · 0 failed · 0 running · 6 queued"))
    }

    /// `runner: torch` under a Python without torch stops before any job, naming the interpreter
    /// (here from BLOCKSWEEP_PYTHON) and the install command; nothing is written.
    @Test func refusesTorchWithoutTorchBeforeRunningAnything() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("torch.yaml")
        try "version: 1\nname: t\nrunner: torch\nbase:\n  steps: 2\nseeds: [1]\n".write(
            to: sweep, atomically: true, encoding: .utf8)
        let python = box.root.appendingPathComponent("python-without-torch").path
        try "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n".write(
            toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        let outcome = try BlocksweepBinary.run(
            ["run", sweep.path, "--results", box.path + "/results"], in: box.root,
            environment: ["BLOCKSWEEP_PYTHON": python])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr.hasPrefix(
                "error: runner: torch: the interpreter \(python) (BLOCKSWEEP_PYTHON) cannot import torch: "
                    + "ModuleNotFoundError: No module named 'torch'. Install it with "),
            "\(outcome.stderr)")
        #expect(outcome.stderr.contains("tools/setup-torch.sh"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path + "/results"))
    }

    /// Each error names the flag, or the sweep file and key, the bad value came from; nothing is written.
    @Test(arguments: [
        (
            ["--devices", "cpu:2,tpu:1"], "",
            "error: --devices: 'tpu:1' is not a device; use cpu, cpu:N (N cores), cuda or cuda:N (GPU N)"
        ),
        (
            ["--devices", "cpu:100000"], "",
            "error: --devices: cpu:100000 asks for 100000 cores, but this machine lets blocksweep use"
        ),
        (["--devices", "cpu,cpu:1"], "", "error: --devices: list cpu once"),
        ([], "  devices: [cpu:100000]", "error: crash.yaml: execution.devices: cpu:100000 asks for 100000 cores"),
        (
            ["--devices", "cpu:1"], "  threads: 2",
            "error: crash.yaml: execution.threads: 2 cores per job, but the CPU devices hold only 1"
        ),
        (["--parallel", "0"], "", "error: --parallel must be at least 1, got 0")
    ])
    func badDevicesAreBadInput(flags: [String], execution: String, message: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        var text = Self.sweepFile(box, extra: execution)
        if execution.hasPrefix("  threads") { text = text.replacingOccurrences(of: "  threads: 1\n", with: "") }
        try text.write(to: box.root.appendingPathComponent("crash.yaml"), atomically: true, encoding: .utf8)
        let outcome = try BlocksweepBinary.run(["run", "crash.yaml", "--results", "out"] + flags, in: box.root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix(message), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path + "/out"))
    }
}
