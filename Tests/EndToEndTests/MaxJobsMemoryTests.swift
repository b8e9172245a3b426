import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepKit

/// A raised --max-jobs that memory cannot hold is refused before planning, naming the flag and
/// the estimate; one that fits is planned.
@Suite(.enabled(if: BlocksweepBinary.isBuilt, "run swift build first"), .timeLimit(.minutes(10)))
struct MaxJobsMemoryTests {
    /// 3,000,000 command jobs: about 4.5 GiB by the estimate.
    static let sweep =
        "version: 1\nname: m\nrunner: {command: [run, \"{x}\", \"{y}\", \"{result}\"]}\n"
        + "grid:\n  x: {from: 1, to: 3000, step: 1}\n  y: {from: 1, to: 1000, step: 1}\n"

    /// Runs blocksweep under `ulimit -v` (KiB), so the memory it may take is the same on every machine.
    func run(_ args: [String], virtualKiB: Int) throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.sweep.write(to: folder.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        let line = "ulimit -v \(virtualKiB) && exec '\(BlocksweepBinary.binary.path)' " + args.joined(separator: " ")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", line]
        shell.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        shell.standardOutput = out
        shell.standardError = err
        try shell.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return (
            shell.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test(arguments: ["validate", "plan", "run"])
    func aMaxJobsMemoryCannotHoldIsRefusedUpFront(command: String) throws {
        let r = try run([command, "m.yaml", "--max-jobs", "3000000"], virtualKiB: 2_000_000)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(
            r.stderr.hasPrefix(
                "error: --max-jobs 3000000: the sweep can expand to 3000000 jobs, which would take about 4.5 GiB of memory (1600 bytes a job), but only "
            ),
            "\(r.stderr)")
        #expect(r.stderr.contains("lower --max-jobs to at most "))
        #expect(r.stdout.isEmpty)
    }

    /// 150,000 jobs fit in the same room: planning goes ahead (and stops at that limit).
    @Test func aMaxJobsThatFitsIsPlanned() throws {
        let small = try run(["validate", "m.yaml", "--max-jobs", "150000"], virtualKiB: 2_000_000)
        #expect(small.status == 2)
        #expect(small.stderr.contains("the sweep expands to more than 150000 jobs"), "\(small.stderr)")
    }
}
