import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

#if canImport(Glibc)
    import Glibc
#endif

/// The log cap holds for a job that outlives a killed runner: the job keeps writing its own
/// logs with no runner alive, and the run that takes it over caps them when it ends (issue
/// 18, point 6.1).
@Suite(.timeLimit(.minutes(10))) struct JobLogCapTests {
    /// `chatty.sh RESULT`: about 3.4 MB on stdout, says so in a file, waits for a line on the
    /// fifo `go`, then writes a good result.
    static let script = #"""
        #!/bin/sh
        here=$(dirname "$0")
        seq 1 500000
        touch "$here/wrote"
        read line < "$here/go"
        cp "$here/good.json" "$1"
        """#

    @Test func aJobThatOutlivedItsRunnerHasItsLogCappedByTheNextRun() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let script = box.root.appendingPathComponent("chatty.sh")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        #expect(mkfifo(box.path + "/go", 0o644) == 0)
        let sweep = box.root.appendingPathComponent("chatty.yaml")
        try """
        version: 1
        name: chatty
        runner: {command: ["/bin/sh", "\(script.path)", "{result}"]}
        seeds: [1]
        execution:
          threads: 1
          parallel: 1
          retries: 0
        """.write(to: sweep, atomically: true, encoding: .utf8)
        let arguments = ["run", sweep.path, "--results", box.path + "/results"]
        let folder = ResultsFolder(path: box.path + "/results/chatty")

        // The first runner dies while its job waits, its output written.
        let first = try BlocksweepBinary.Running(arguments, in: box.root)
        try Eventually.file(box.path + "/wrote")
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        let started = try #require(Journal.read(path: folder.journal).first { $0.event == .started })
        // Whatever fails below, the job does not wait on its fifo for ever.
        defer {
            if let pid = started.pid, LeftoverProcess.isRunning(pid: pid, jobID: started.job) { kill(-pid, SIGKILL) }
        }
        let log = folder.stdout(started.job)
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)).count > 3_000_000)

        // The next one takes the job over (adopted, or recorded if it ended first) and caps its log.
        let second = try BlocksweepBinary.Running(arguments, in: box.root)
        try Eventually.wait(for: "the second runner to lock \(folder.path)") { RunLock.isHeld(folder: folder.path) }
        let go = open(box.path + "/go", O_WRONLY)
        #expect(go >= 0)
        _ = write(go, "go\n", 3)
        close(go)
        let outcome = second.finish()
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(Journal.read(path: folder.journal).map(\.event) == [.started, .done])
        let text = try Data(contentsOf: URL(fileURLWithPath: log)).utf8String
        #expect(text.utf8.count <= LogCap.headBytes + LogCap.tailBytes + 200)
        #expect(text.hasPrefix("== blocksweep: attempt 1 on ") && text.contains("\n1\n2\n3\n"))
        #expect(text.contains("\n\(LogCap.markerPrefix)") && text.hasSuffix("\n500000\n"))
    }
}
