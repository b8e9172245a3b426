import BlocksweepTestSupport
import Foundation
import Testing

/// The helper every end-to-end test runs the binary through: a child that hangs is killed at
/// the deadline and fails its test with what it printed, never hangs the suite.
@Suite(.timeLimit(.minutes(10))) struct BlocksweepBinaryTests {
    @Test func aHungChildIsKilledAtTheDeadlineWithItsOutput() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let running = try BlocksweepBinary.Running(
            ["-c", "echo started; exec sleep 600"], in: folder, executable: URL(fileURLWithPath: "/bin/sh"))
        let outcome = running.finish(deadline: 1)
        #expect(outcome.timedOut && outcome.status == -1)
        // What it printed is kept (how much of it a loaded machine let it print is not checked).
        #expect(
            outcome.stderr.contains("killed after 1 s: [\"-c\", \"echo started; exec sleep 600\"]"), "\(outcome.stderr)"
        )
        #expect(!running.process.isRunning)
    }

    @Test func aChildThatEndsInTimeIsNotTimedOut() throws {
        let folder = try BlocksweepBinary.temporaryFolder()
        let outcome = try BlocksweepBinary.Running(
            ["-c", "echo done; exit 3"], in: folder, executable: URL(fileURLWithPath: "/bin/sh")
        ).finish()
        #expect(!outcome.timedOut && outcome.status == 3 && outcome.stdout == "done\n")
    }
}
