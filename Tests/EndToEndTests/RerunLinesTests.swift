import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

/// What `run`, `status` and `cancel` say of one forked sweep, run and then run again with only
/// its rules changed (issue 18, points 6.4 and 6.5): every line counts "6 jobs and 1
/// calibration" alike; the rerun, which computes no job, says so and gives the sweep's saving
/// without a snapshot peak (it said "compute saved by forking: 68.1% … snapshots peaked at
/// 0.0 MiB", as if it had forked); `cancel` on the finished
/// folder has nothing to cancel, exits 0 and writes nothing.
@Suite(.enabled(if: BlocksweepBinary.isBuilt, "run swift build first"), .timeLimit(.minutes(10)))
struct RerunLinesTests {
    @Test func aRulesOnlyRerunAndTheFinishedFolderTellOneStory() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer {
            Self.chmod("u+w", root.path)
            try? FileManager.default.removeItem(at: root)
        }
        let file = root.appendingPathComponent("forked.yaml")
        try ForkSweepTests.sweep.write(to: file, atomically: true, encoding: .utf8)
        let results = root.appendingPathComponent("results").path
        let folder = results + "/forked"

        let run = try BlocksweepBinary.run(["run", file.path, "--results", results], in: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("forked: 6 jobs and 1 calibration on "), "\(run.stdout)")
        #expect(
            run.stdout.contains("forked: 7 done, 0 failed, 0 skipped of 6 jobs and 1 calibration\n"), "\(run.stdout)")
        #expect(run.stdout.contains("compute saved by forking: "), "\(run.stdout)")

        let status = try BlocksweepBinary.run(["status", folder], in: root)
        #expect(status.stdout.hasPrefix("forked: finished\n7/7 done · 0 failed"), "\(status.stdout)")

        // Only the rules change: no job runs again, so there is no forking of this run to tell.
        try (ForkSweepTests.sweep + "\nrules:\n  min_speedup: 1.5\n").write(to: file, atomically: true, encoding: .utf8)
        let again = try BlocksweepBinary.run(["run", file.path, "--results", results], in: root)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stdout.contains("] started "), "\(again.stdout)")
        #expect(again.stdout.contains("forked: 7 done, 0 failed, 0 skipped of 6 jobs and 1 calibration\n"))
        let forking = try #require(
            again.stdout.split(separator: "\n").first { $0.hasPrefix("compute saved by forking: ") }, "\(again.stdout)")
        #expect(forking.contains("% over the sweep's results (") && forking.hasSuffix("; this run ran no job)"))
        #expect(!again.stdout.contains("snapshots peaked"), "\(again.stdout)")

        // A finished folder, read-only where that binds (not for root): nothing to cancel.
        let lock = try Data(contentsOf: URL(fileURLWithPath: folder + "/run.lock"))
        Self.chmod("a-w", folder)
        let cancel = try BlocksweepBinary.run(["cancel", folder], in: root)
        #expect(cancel.status == 0, "\(cancel.stdout)\(cancel.stderr)")
        #expect(cancel.stdout == "nothing to cancel: the sweep finished\n", "\(cancel.stdout)\(cancel.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/run.lock")) == lock)
    }

    /// `chmod -R MODE PATH`.
    static func chmod(_ mode: String, _ path: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/chmod")
        process.arguments = ["-R", mode, path]
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }
}
