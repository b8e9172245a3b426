import BlocksweepTestSupport
import Foundation
import Testing

/// `cancel` on a local sweep (SlurmBackendTests cancels a Slurm one).
@Suite(.timeLimit(.minutes(10))) struct CancelCommandTests {
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
        try Eventually.wait(for: "a started job in \(folder)/journal.jsonl") {
            ((try? String(contentsOfFile: folder + "/journal.jsonl", encoding: .utf8)) ?? "").contains("started")
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
