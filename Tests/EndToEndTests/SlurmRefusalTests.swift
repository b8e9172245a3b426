import BlocksweepTestSupport
import Foundation
import Testing

/// What needs no Slurm: `backend: slurm` refused where sbatch is missing, and `cancel` on a
/// local sweep.
@Suite(.timeLimit(.minutes(10))) struct SlurmRefusalTests {
    @Test(arguments: [["--backend", "slurm"], []])
    func slurmWithoutSbatchOnPathIsRefusedBeforeAnythingIsSubmitted(flags: [String]) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let backend = flags.isEmpty ? "\n  backend: slurm\n  partition: gpu" : ""
        try """
        version: 1
        name: s
        runner: {command: [sh, \(box.script), "{result}", ok]}
        seeds: [1, 2]
        execution:
          threads: 1\(backend)
        """.write(to: box.root.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let empty = box.root.appendingPathComponent("empty-path")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let outcome = try BlocksweepBinary.run(
            ["run", "s.yaml", "--results", "out"] + flags, in: box.root, environment: ["PATH": empty.path])
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(
            outcome.stderr.hasPrefix(
                "error: backend: slurm needs Slurm's sbatch on PATH, and there is none here (PATH=\(empty.path)); "
                    + "nothing was submitted."), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("tools/slurm-local start"))
        #expect(!FileManager.default.fileExists(atPath: box.path + "/out"))
    }

    @Test func detachWithoutSlurmIsAUsageError() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try "version: 1\nname: s\nrunner: {command: [sh, \(box.script), \"{result}\", ok]}\nseeds: [1]\n".write(
            to: box.root.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let outcome = try BlocksweepBinary.run(["run", "s.yaml", "--results", "out", "--detach"], in: box.root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--detach applies only to the Slurm backend"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path + "/out"))
    }

    /// `cancel` on a local sweep stops its runner, which ends its jobs and journals them as
    /// interrupted; the next run resumes them.
    @Test func cancelStopsALocalSweep() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try """
        version: 1
        name: hanging
        runner: {command: [sh, \(box.script), "{result}", hang]}
        seeds: [1, 2]
        execution: {threads: 1, parallel: 1}
        """.write(to: box.root.appendingPathComponent("h.yaml"), atomically: true, encoding: .utf8)
        let run = try BlocksweepBinary.Running(["run", "h.yaml", "--results", "out"], in: box.root)
        let folder = box.path + "/out/hanging"
        let deadline = Date().addingTimeInterval(20)
        while !((try? String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8)) ?? "").contains("started")
            && Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let cancel = try BlocksweepBinary.run(["cancel", folder], in: box.root)
        #expect(cancel.status == 0, "\(cancel.stdout)\(cancel.stderr)")
        #expect(cancel.stdout.contains("stopped the runner working on"), "\(cancel.stdout)")
        let ended = run.finish()
        #expect(ended.status == 130, "\(ended.stdout)\(ended.stderr)")
        let journal = try String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8)
        #expect(journal.contains("\"reason\":\"interrupted\""), "\(journal)")
        let status = try BlocksweepBinary.run(["status", folder], in: box.root)
        #expect(status.stdout.contains("0/2 done · 0 failed · 0 running · 2 queued"), "\(status.stdout)")
        // Once nothing runs, cancel says so, and no more (trial 2: it also told to resume).
        let again = try BlocksweepBinary.run(["cancel", folder], in: box.root)
        #expect(again.stdout == "nothing to cancel: no job of \(folder) is queued or running\n", "\(again.stdout)")
    }
}
