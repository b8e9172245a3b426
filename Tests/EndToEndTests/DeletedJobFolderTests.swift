import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepRunner

/// A done job whose folder is deleted: the binary's `status`, `report` and `run` all treat it as
/// lost and run only it again (issue 8, point 3; the library side is in LostResultTests).
@Suite(.timeLimit(.minutes(10))) struct DeletedJobFolderTests {
    /// The command line, end to end: `status` and `report` name the job, `run` runs only it.
    @Test func deletingAJobsFolderMakesTheNextRunRedoIt() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("crash.yaml")
        try CrashResumeTests.sweepFile(box).write(to: sweep, atomically: true, encoding: .utf8)
        let arguments = ["run", sweep.path, "--results", box.path + "/results"]
        #expect(try BlocksweepBinary.run(arguments, in: box.root).status == 0)
        let folder = ResultsFolder(path: box.path + "/results/crash")
        let victim = try #require(try folder.readPlan().jobs.first).id
        try FileManager.default.removeItem(atPath: folder.jobFolder(victim))

        let status = try BlocksweepBinary.run(["status", folder.path], in: box.root)
        #expect(status.stdout.contains("5/6 done"), "\(status.stdout)")
        #expect(status.stdout.contains("queued \(victim)"))
        let report = try BlocksweepBinary.run(["report", folder.path, "--out", box.path + "/r.md"], in: box.root)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOfFile: box.path + "/r.md", encoding: .utf8)
        #expect(markdown.contains("| \(victim) |") && markdown.contains("result.json is missing"))

        let again = try BlocksweepBinary.run(arguments + ["--retry-failed"], in: box.root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("started \(victim)"))
        #expect(again.stdout.components(separatedBy: "] started ").count == 2, "\(again.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.result(victim)))
    }
}
