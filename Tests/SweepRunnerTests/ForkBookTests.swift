import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// What the watcher of a sweep does with snapshots (ForkBook).
@Suite(.timeLimit(.minutes(10)))
struct ForkBookTests {
    /// A source that failed for good before writing its record leaves snapshots no job can
    /// start from: they are deleted at once instead of staying on disk, uncounted (review F4).
    @Test func aSourceThatFailedWithoutARecordLeavesNoSnapshots() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("forkbook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = ResultsFolder(path: root.path)
        let base = Job(id: "full-1", schedule: .fullUpdate, seed: 1, params: [:])
        var dependent = Job(id: "dyn-1", schedule: .dynamicSuffix, seed: 1, params: [:])
        dependent.forkFrom = base.id
        let dir = folder.forkFolder(base.id)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["step-5.snapshot", "step-9.snapshot.tmp-77", "fork-plan.json"] {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data([1, 2, 3]))
        }
        var jobs = [base, dependent].map { JobState(resuming: $0, record: JobRecord(), budget: 1) }
        let index = ["full-1": 0, "dyn-1": 1]
        var book = ForkBook(jobs: jobs, indexByID: index)
        book.update(jobs: jobs, indexByID: index, folder: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 3, "a pending source keeps its files")
        jobs[0].phase = .failed
        book.update(jobs: jobs, indexByID: index, folder: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["fork-plan.json"])
        #expect(book.bytes == 0)
    }
}
