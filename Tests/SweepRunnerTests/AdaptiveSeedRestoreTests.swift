import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A resumed adaptive run rebuilds the jobs earlier rounds added from added-jobs.json.
@Suite(.timeLimit(.minutes(10)))
struct AdaptiveSeedRestoreTests {
    /// The file only names them: each comes from the sweep as planned now. A job read back from
    /// an older file, whose 2.0 reads as the integer 2, is still the planned job (trial A7:
    /// the resumed row stopped getting seeds, and its command got `2`).
    @Test func addedJobsComeFromThePlannedSweepNotFromTheFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = ResultsFolder(path: root.path)
        let seed1 = Job(id: "j1", schedule: nil, seed: 1, params: ["x": .double(2)])
        let seed2 = Job(id: "j2", schedule: nil, seed: 2, params: ["x": .double(2)])
        let gone = Job(id: "j9", schedule: nil, seed: 9, params: ["x": .double(2)])
        let full = Plan(name: "t", jobs: [seed1, seed2], runner: .command(["true"]), execution: ExecutionSettings())
        // As an older blocksweep wrote it: a plain 2, and a job the edited sweep no longer has.
        let file =
            #"[{"id": "j2", "seed": 2, "params": {"x": 2}, "depends_on": []}, "#
            + #"{"id": "j9", "seed": 9, "params": {"x": 2}, "depends_on": []}]"#
        try Data(file.utf8).write(to: URL(fileURLWithPath: folder.addedJobsFile))
        var start = full
        start.jobs = [seed1]
        let restored = try PolicyRounds(policy: AdaptiveSeedPolicy(full: full), folder: folder).restore(start)
        #expect(restored.jobs == [seed1, seed2])
        #expect(!restored.jobs.contains(gone))

        // The fork source is the one the adding round chose: none, for a job whose baseline had
        // already run, though the sweep planned with every seed names one.
        var forking = full
        forking.jobs[1].forkFrom = "full-2"
        #expect(
            try PolicyRounds(policy: AdaptiveSeedPolicy(full: forking), folder: folder).restore(start).jobs[1].forkFrom
                == nil)
    }
}
