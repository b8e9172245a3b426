import BlocksweepTestSupport
import Foundation
import Testing

/// What needs no Slurm: `backend: slurm` refused where sbatch is missing, `--detach` without it.
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
}
