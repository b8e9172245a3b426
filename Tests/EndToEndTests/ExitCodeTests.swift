import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// Every documented exit code, from the built binary: 1 only when the sweep ran and jobs did
/// not succeed; a folder that cannot be written (3) or is in use (4) is told apart; a reader that
/// goes away does not kill the runner. (130 is CrashResumeTests' Ctrl-C test.)
@Suite(.timeLimit(.minutes(10))) struct ExitCodeTests {
    /// Writes the crash sweep (six command jobs) and returns its path.
    static func sweep(_ box: Sandbox, mode: String = "ok") throws -> String {
        let path = box.root.appendingPathComponent("crash.yaml").path
        try CrashResumeTests.sweepFile(box, mode: mode).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func helpListsEveryCode() throws {
        for args in [["--help"], ["run", "--help"], ["report", "--help"]] {
            let r = try BlocksweepBinary.run(args)
            #expect(r.status == 0)
            for code in [
                "0    success", "1    run: the sweep ran, and some jobs failed or were skipped", "2    bad input",
                "3    a file or folder cannot be written", "4    run: the results folder is in use",
                "130  run: interrupted"
            ] {
                #expect(r.stdout.contains("\n  \(code)"), "\(args) lacks \(code)")
            }
        }
    }

    @Test(arguments: [("ok", Int32(0)), ("fail", Int32(1))])
    func zeroWhenEveryJobIsDoneOneWhenSomeFailed(mode: String, code: Int32) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let r = try BlocksweepBinary.run(
            ["run", try Self.sweep(box, mode: mode), "--results", box.path + "/results"], in: box.root)
        #expect(r.status == code, "\(r.stdout)\(r.stderr)")
    }

    @Test func badInputIsTwo() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let path = box.root.appendingPathComponent("bad.yaml").path
        try "version: 1\nname: bad\ngird: {x: [1, 2]}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try BlocksweepBinary.run(["run", path, "--results", box.path + "/results"], in: box.root)
        #expect(r.status == 2)
    }

    /// A results folder that cannot be made is the machine's failure, not a failed job.
    @Test func anUnwritableResultsFolderIsThree() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let file = box.root.appendingPathComponent("not-a-folder").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try BlocksweepBinary.run(["run", try Self.sweep(box), "--results", file], in: box.root)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: cannot create \(file)/crash"), "\(r.stderr)")
        #expect(!r.stdout.contains("started"))
    }

    @Test func reportAndBenchThatCannotWriteAreThree() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let file = box.root.appendingPathComponent("not-a-folder").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let report = try BlocksweepBinary.run(
            [
                "report", box.root.appendingPathComponent("good.json").path,
                "--out", file + "/report.md"
            ], in: box.root)
        #expect(report.status == 3, "\(report.stderr)")
        #expect(report.stderr.hasPrefix("error: cannot write"), "\(report.stderr)")
        let bench = try BlocksweepBinary.run(
            ["bench", "--dtype", "float32", "--json-out", file + "/r.json"], in: box.root)
        #expect(bench.status == 3, "\(bench.stderr)")
        #expect(bench.stderr.hasPrefix("error: --json-out \(file)/r.json: cannot create folder"), "\(bench.stderr)")
    }

    @Test func aFolderInUseIsFour() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let folder = box.path + "/results/crash"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = try RunLock(folder: folder)
        let r = try BlocksweepBinary.run(["run", try Self.sweep(box), "--results", box.path + "/results"], in: box.root)
        withExtendedLifetime(lock) {}
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains("is in use by another blocksweep run"))
    }

    @Test func statusOfAMissingFolderIsTwo() throws {
        let r = try BlocksweepBinary.run(["status", "/nonexistent/results/x"])
        #expect(r.status == 2)
    }

    /// The runner ignores SIGPIPE; its jobs must not inherit that (a job's own `cmd | head` would
    /// then see write errors instead of ending quietly).
    @Test func aJobStartsWithSIGPIPEAtItsDefault() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let path = box.root.appendingPathComponent("sig.yaml").path
        try """
        version: 1
        name: sig
        runner: {command: ["/bin/sh", "-c", "grep SigIgn /proc/$$/status > \\"$1.sig\\"; cp '\(box.path)/good.json' \\"$1\\"", "sh", "{result}"]}
        seeds: [1]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try BlocksweepBinary.run(["run", path, "--results", box.path + "/results"], in: box.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let folder = ResultsFolder(path: box.path + "/results/sig")
        let job = try #require(try folder.readPlan().jobs.first)
        let line = try String(contentsOfFile: folder.partialResult(job.id, attempt: 1) + ".sig", encoding: .utf8)
        let mask = try #require(
            UInt64(line.split(separator: ":").last!.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16))
        #expect(mask & (1 << (UInt64(SIGPIPE) - 1)) == 0, "SigIgn \(line)")
    }

    /// `run … | head -1`: head goes away after the first line, the runner keeps going, every job
    /// is done and the run exits 0 (a closed stdout is not a job failure). The jobs wait for the
    /// gate, which opens only once the pipe's reading end is closed, so the runner's later
    /// lines always meet a closed pipe.
    @Test func runPipedIntoHeadFinishesTheSweep() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = try Self.sweep(box, mode: "gated")
        let status = box.root.appendingPathComponent("status").path
        let line =
            "'\(BlocksweepBinary.binary.path)' run '\(sweep)' --results '\(box.path)/results' "
            + "| { head -1; exec 0<&-; touch '\(box.path)/gate'; }; "
            + "echo \"${PIPESTATUS[0]}\" > '\(status)'"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", line]
        shell.currentDirectoryURL = box.root
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        shell.waitUntilExit()
        let code = try String(contentsOfFile: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "0", "the runner ended with \(code)")
        let folder = ResultsFolder(path: box.path + "/results/crash")
        let plan = try folder.readPlan()
        let done = Set(Journal.read(path: folder.journal).filter { $0.event == .done }.map(\.job))
        #expect(plan.jobs.count == 6)
        #expect(done == Set(plan.jobs.map(\.id)))
    }
}
